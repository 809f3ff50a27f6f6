// Ce que l'interface déduit du rapport d'une étape : peut-on la valider, et sinon pourquoi.

import type { StepReport } from '../bindings/StepReport';
import { fr } from '../i18n/fr';

/** La raison pour laquelle « Valider l'étape » est désactivé ; null si la validation est possible. */
export function blockedReason(
  step: StepReport,
  all: readonly StepReport[],
  counts: { a_completer: number; erreurs: number } | null = null,
): string | null {
  if (step.etat === 'valide') return null;
  if (step.etat === 'a_faire') return fr.step.emptyStep;
  // Les comptes du bilan (ceux de la carte) : seulement des valeurs à saisir, ou des erreurs.
  if (counts && counts.erreurs === 0 && counts.a_completer > 0) return fr.step.toComplete(counts.a_completer);
  if (step.erreurs > 0) return fr.step.blockedBy(step.erreurs);
  const previous = all.find((s) => s.numero === step.numero - 1);
  if (previous && previous.etat !== 'valide') return fr.step.previousFirst;
  return null;
}

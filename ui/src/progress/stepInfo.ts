// Ce que l'interface déduit du rapport d'une étape : peut-on la valider, et sinon pourquoi.

import type { StepReport } from '../bindings/StepReport';
import { fr } from '../i18n/fr';

/** La raison pour laquelle « Valider l'étape » est désactivé ; null si la validation est possible. */
export function blockedReason(step: StepReport, all: readonly StepReport[]): string | null {
  if (step.etat === 'valide') return null;
  if (step.erreurs > 0) return fr.step.blockedBy(step.erreurs);
  if (step.etat === 'a_faire') return fr.step.emptyStep;
  const previous = all.find((s) => s.numero === step.numero - 1);
  if (previous && previous.etat !== 'valide') return fr.step.previousFirst;
  return null;
}

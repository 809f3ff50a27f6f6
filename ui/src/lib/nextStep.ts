// « La prochaine chose à faire » du tableau de bord : le premier point bloquant dans l'ordre
// de la démarche (organisme et périmètre d'abord), dit simplement, avec le champ où aller.

import type { DossierView } from '../bindings/DossierView';

export interface NextStep {
  text: string;
  path: string | null;
  done: boolean;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many.replace('{n}', String(n));
}

export function nextStep(view: DossierView): NextStep {
  const r = view.readiness;
  if (r.etat === 'signe') return { text: 'Le contrat est signé.', path: null, done: true };
  const points = r.points.filter((p) => !p.regle.startsWith('ETAPE-'));
  const first = points[0];
  if (!first) {
    if (r.points.length > 0) {
      const p = r.points[0];
      return { text: `Commencez l’étape « ${p.etape_libelle} ».`, path: null, done: false };
    }
    return r.pret
      ? { text: 'Le dossier est prêt pour signature : datez les signatures (étape Signature).', path: 'signature.signatures', done: false }
      : { text: 'Aucun point bloquant.', path: null, done: true };
  }
  const under = (prefix: string) => points.filter((p) => p.chemin === prefix || p.chemin.startsWith(`${prefix}.`));
  const og = under('organisme');
  if (og.length > 0 && og.length >= 3 && !view.dossier.organisme.raison_sociale) {
    return { text: 'Commencez par l’organisme gestionnaire : raison sociale, FINESS, statut.', path: 'organisme.raison_sociale', done: false };
  }
  const questions = under('diagnostic.questions');
  if (first.chemin.startsWith('diagnostic.questions') && questions.length > 0) {
    const n = questions.reduce((acc, p) => acc + (Number(/(\d+) questions? sans réponse/.exec(p.message)?.[1]) || 1), 0);
    return {
      text: plural(n, '1 question du diagnostic sans réponse.', '{n} questions du diagnostic sans réponse.'),
      path: first.chemin,
      done: false,
    };
  }
  if (first.chemin.endsWith('date_deliberation_ca')) {
    return { text: 'La délibération du CA n’est pas datée.', path: first.chemin, done: false };
  }
  return { text: first.message, path: first.chemin, done: false };
}

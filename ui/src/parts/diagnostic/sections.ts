// Les sous-sections de l'écran « Diagnostic partagé » et celle qui affiche un chemin de champ
// (pour mener d'un point du rapport au champ concerné).

import type { Catalogues } from '../../bindings/Catalogues';
import type { DossierView } from '../../bindings/DossierView';
import { normalizePath } from '../../lib/paths';

/** « axe:<id> » pour un axe de l'annexe 2-A, sinon une annexe ou la synthèse. */
export type DiagSection =
  | `axe:${string}`
  | 'indicateurs'
  | 'complementaires'
  | 'finances'
  | 'creton'
  | 'synthese'
  | 'sources';

export interface SectionTarget {
  section: DiagSection;
  /** ESMS à afficher dans un axe par ESMS. */
  esms: string | null;
}

function axeOfQuestion(cat: Catalogues | null, question: string): string | null {
  for (const a of cat?.diagnostic.axes ?? []) {
    if (a.themes.some((t) => t.questions.some((q) => q.id === question))) return a.id;
  }
  return null;
}

function axeOfTheme(cat: Catalogues | null, theme: string): string | null {
  return cat?.diagnostic.axes.find((a) => a.themes.some((t) => t.id === theme))?.id ?? null;
}

const TABLES: Record<string, DiagSection> = {
  indicateurs: 'indicateurs',
  complementaires: 'complementaires',
  finances: 'finances',
  creton: 'creton',
  synthese: 'synthese',
  sources: 'sources',
  conformite: 'sources',
};

/** La sous-section qui affiche ce chemin « diagnostic.… » ; null si inconnue. */
export function sectionFor(
  path: string,
  cat: Catalogues | null,
  view: DossierView | null,
): SectionTarget | null {
  const parts = normalizePath(path).split('.');
  if (parts[0] !== 'diagnostic') return null;
  const kind = parts[1];
  if (kind === 'questions' && parts[2]) {
    const axe = axeOfQuestion(cat, parts[2]);
    return axe ? { section: `axe:${axe}`, esms: parts[3] ?? null } : null;
  }
  if (kind === 'reponses' && parts[2]) {
    const r = view?.dossier.diagnostic.reponses.find((x) => x.id === parts[2]);
    const axe = r ? axeOfQuestion(cat, r.question) : null;
    return axe ? { section: `axe:${axe}`, esms: r?.esms ?? null } : null;
  }
  if (kind === 'themes' && parts[2]) {
    const rec = view?.dossier.diagnostic.themes.find((x) => x.id === parts[2]);
    const axe = axeOfTheme(cat, rec?.theme ?? parts[2]);
    return axe ? { section: `axe:${axe}`, esms: null } : null;
  }
  const table = TABLES[kind];
  return table ? { section: table, esms: null } : null;
}

// Logique pure des écrans Objectifs et Signature et du rapport « Prêt pour signature » :
// options groupées des listes de référence, fiche concernée par un chemin, regroupements.

import type { BesoinSerafin } from '../bindings/BesoinSerafin';
import type { CouvertureMinimum } from '../bindings/CouvertureMinimum';
import type { Dossier } from '../bindings/Dossier';
import type { ListeOrientations } from '../bindings/ListeOrientations';
import type { PointBloquant } from '../bindings/PointBloquant';
import type { StepId } from '../bindings/StepId';
import type { SelectOption } from '../components/types';
import { normalizePath } from './paths';

/** Les objectifs opérationnels du PRS, groupés sous leur orientation (`<optgroup>`). */
export function orientationOptions(list: ListeOrientations): SelectOption[] {
  const parents = new Map(list.items.filter((i) => !i.parent).map((i) => [i.id, i.libelle]));
  return list.items.map((i) => ({
    value: i.id,
    label: i.parent ? i.libelle : `${i.libelle} (orientation)`,
    group: parents.get(i.parent ?? i.id),
  }));
}

/** Les besoins SERAFIN-PH groupés par domaine (niveau 2) ; libellé préfixé du code. */
export function serafinOptions(besoins: readonly BesoinSerafin[]): SelectOption[] {
  const domains = new Map(besoins.filter((b) => b.niveau <= 2).map((b) => [b.code, b.libelle]));
  return besoins
    .filter((b) => b.niveau > 2)
    .map((b) => {
      const domain = b.code.split('.').slice(0, 2).join('.');
      return { value: b.code, label: `${b.code} ${b.libelle}`, group: domains.get(domain) ?? domain };
    });
}

/** Où mène un chemin de l'étape Objectifs : une fiche, ou la vue d'ensemble. */
export type ObjectifsTarget = { pane: 'fiche'; objectif: string } | { pane: 'ensemble' };

/**
 * « objectifs.objectifs.<id>.titre » → la fiche ; « objectifs.actions.<id>… » et
 * « objectifs.indicateurs.<id>… » → la fiche de l'action ou de l'indicateur ; le reste
 * (couverture des six objectifs minimum, réglages, calendrier) → la vue d'ensemble.
 */
export function objectifsTarget(path: string, dossier: Dossier | null): ObjectifsTarget {
  const [head, kind, id] = normalizePath(path).split('.');
  if (head === 'objectifs' && id && dossier) {
    const o = dossier.objectifs;
    const objectif =
      kind === 'objectifs'
        ? o.objectifs.find((x) => x.id === id)?.id
        : kind === 'actions'
          ? o.actions.find((x) => x.id === id)?.objectif
          : kind === 'indicateurs'
            ? o.indicateurs.find((x) => x.id === id)?.objectif
            : undefined;
    if (objectif) return { pane: 'fiche', objectif };
  }
  return { pane: 'ensemble' };
}

/** Les objectifs minimum qu'aucune fiche active ne couvre encore. */
export function missingMinimums(couverture: readonly CouvertureMinimum[]): CouvertureMinimum[] {
  return couverture.filter((c) => c.objectifs.length === 0);
}

export interface PointGroup {
  etape: StepId;
  libelle: string;
  points: PointBloquant[];
}

/** Les points bloquants regroupés par étape, dans l'ordre où le back end les donne. */
export function groupByStep(points: readonly PointBloquant[]): PointGroup[] {
  const out: PointGroup[] = [];
  for (const p of points) {
    const g = out.find((x) => x.etape === p.etape);
    if (g) g.points.push(p);
    else out.push({ etape: p.etape, libelle: p.etape_libelle, points: [p] });
  }
  return out;
}

/** Vrai si un décimal exact en texte vaut zéro (« 0 », « -0.00 »). */
export function isZeroDecimal(value: string): boolean {
  return /^-?0*(\.0*)?$/.test(value.trim()) && value.trim() !== '';
}

/** Un texte à une valeur par ligne → liste sans lignes vides (membres du comité, tâches…). */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

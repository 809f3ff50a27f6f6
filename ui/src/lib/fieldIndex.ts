// Les libellés des champs, pour nommer une saisie annulée (« Annuler : capacité installée —
// IME Les Hirondelles ») et trouver un champ par son libellé (Ctrl+K). Deux sources : les
// libellés des formulaires de l'organisme, du CPOM et des ESMS (connus d'avance), et ceux de
// tout champ affiché depuis l'ouverture (chaque champ s'inscrit en s'affichant).

import type { DossierView } from '../bindings/DossierView';
import { fr } from '../i18n/fr';

const seen = new Map<string, string>();

/** Un champ affiché retient son libellé (appelé par `FieldShell`). */
export function rememberLabel(path: string, label: string): void {
  if (label) seen.set(path, label);
}

function staticLabels(view: DossierView | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(fr.organisme.fields)) out.set(`organisme.${k}`, v);
  for (const [k, v] of Object.entries(fr.cpom.fields)) out.set(`cpom.${k}`, v);
  const pa = new Set(
    (view?.regimes ?? []).filter((r) => r.enveloppe === 'personnes_agees').map((r) => r.esms),
  );
  for (const e of view?.dossier.esms ?? []) {
    for (const [k, v] of Object.entries(fr.esmsForm.fields)) {
      if (k === 'categorieSearch') continue;
      out.set(`esms.${e.id}.${k}`, v);
    }
    // Le volet personnes âgées (GMP, PMP, option tarifaire…) des EHPAD, PUV, SSIAD, RA.
    if (pa.has(e.id)) {
      for (const [k, v] of Object.entries(fr.esmsForm.pa.fields)) out.set(`esms.${e.id}.${k}`, v);
    }
  }
  return out;
}

/** Le libellé d'un champ, ou son nom rendu lisible (« capacites.internat.installee » →
 *  « capacites › internat › installee »). */
export function labelOf(path: string, view: DossierView | null = null): string {
  const known = seen.get(path) ?? staticLabels(view).get(path);
  if (known) return known;
  const parts = path.split('.').filter((p) => !/^[0-9a-f-]{36}$/.test(p));
  return parts.slice(1).join(' › ').replaceAll('_', ' ') || path;
}

/** Sans accents ni casse. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, "'");
}

export interface FieldHit {
  title: string;
  detail: string;
  path: string;
}

/** Les champs dont le libellé contient tous les mots de `query`. */
export function fieldHits(query: string, view: DossierView | null, limit = 12): FieldHit[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const all = new Map([...staticLabels(view), ...seen]);
  const esmsName = new Map((view?.dossier.esms ?? []).map((e) => [e.id, e.nom || 'ESMS sans nom']));
  const out: FieldHit[] = [];
  for (const [path, label] of all) {
    const f = fold(label);
    if (!words.every((w) => f.includes(w))) continue;
    const [root, id] = path.split('.');
    const detail =
      root === 'organisme'
        ? 'Organisme gestionnaire'
        : root === 'cpom'
          ? 'Cadre du CPOM'
          : root === 'esms'
            ? (esmsName.get(id) ?? 'ESMS')
            : 'Champ';
    out.push({ title: label, detail, path });
    if (out.length >= limit) break;
  }
  return out;
}

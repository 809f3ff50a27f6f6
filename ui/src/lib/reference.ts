// Aides d'affichage autour des listes de référence (catégories FINESS, départements…).

import type { Capacites } from '../bindings/Capacites';
import type { Category } from '../bindings/Category';
import type { Departement } from '../bindings/Departement';
import type { Etp } from '../bindings/Etp';
import type { OptionItem } from '../bindings/OptionItem';
import type { SelectOption } from '../components/types';
import { sumDecimalStrings } from './format';

/** Texte sans accents ni majuscules, pour la recherche. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Libellé court d'une catégorie : « 448 EAM », « 183 IME », sinon « 500 <libellé> ». */
export function categoryShort(code: string, categories: readonly Category[]): string {
  const c = categories.find((x) => x.code === code);
  if (!c) return code;
  return `${code} ${c.sigle ?? c.libelle}`;
}

/** Libellé d'option : « IME — Institut Médico-Educatif (183) ». */
export function categoryOptionLabel(c: Category): string {
  if (c.sigle && fold(c.sigle) !== fold(c.libelle)) return `${c.sigle} — ${c.libelle} (${c.code})`;
  return `${c.libelle} (${c.code})`;
}

/**
 * Mention d'une catégorie fermée : « catégorie fermée — remplacement proposé : 448 EAM » ;
 * null si la catégorie est ouverte ou inconnue.
 */
export function closedCategoryNote(code: string | null, categories: readonly Category[]): string | null {
  if (!code) return null;
  const c = categories.find((x) => x.code === code);
  if (!c || c.ouverte) return null;
  return c.remplacement
    ? `catégorie fermée — remplacement proposé : ${categoryShort(c.remplacement, categories)}`
    : 'catégorie fermée';
}

/** Libellé affiché pour la catégorie en cours, fermée ou non. */
export function currentCategoryLabel(code: string, categories: readonly Category[]): string {
  const c = categories.find((x) => x.code === code);
  if (!c) return `${code} (catégorie inconnue)`;
  const note = closedCategoryNote(code, categories);
  return note ? `${categoryOptionLabel(c)} (${note})` : categoryOptionLabel(c);
}

/** Vrai si la catégorie répond à la recherche (code, sigle ou libellé, sans accents). */
export function categoryMatches(c: Category, query: string): boolean {
  const q = fold(query.trim());
  if (!q) return true;
  const hay = fold(`${c.code} ${c.sigle ?? ''} ${c.libelle}`);
  return q.split(/\s+/).every((w) => hay.includes(w));
}

const SECTEUR_GROUPS: Record<string, string> = {
  enfance: 'Enfance',
  adultes: 'Adultes',
  personnes_agees: 'Personnes âgées',
};

/** Options de catégorie proposées à la saisie (`proposee`), groupées par secteur, filtrées. */
export function categoryOptions(categories: readonly Category[], query = ''): SelectOption[] {
  const order = ['enfance', 'adultes', 'personnes_agees', ''];
  return categories
    .filter((c) => c.proposee && categoryMatches(c, query))
    .map((c) => ({ c, g: c.secteur ?? '' }))
    .sort((a, b) => order.indexOf(a.g) - order.indexOf(b.g) || a.c.code.localeCompare(b.c.code))
    .map(({ c, g }) => ({
      value: c.code,
      label: categoryOptionLabel(c),
      group: SECTEUR_GROUPS[g] ?? 'Autres catégories',
    }));
}

/** « 44 — Loire-Atlantique ». */
export function departementLabel(d: Departement): string {
  return `${d.code} — ${d.nom}`;
}

/** Départements de la région d'abord, puis les autres (groupes de liste déroulante). */
export function departementOptions(
  departements: readonly Departement[],
  first: readonly string[],
  firstGroup: string,
): SelectOption[] {
  if (first.length === 0) return departements.map((d) => ({ value: d.code, label: departementLabel(d) }));
  const head = departements.filter((d) => first.includes(d.code));
  const tail = departements.filter((d) => !first.includes(d.code));
  return [
    ...head.map((d) => ({ value: d.code, label: departementLabel(d), group: firstGroup })),
    ...tail.map((d) => ({ value: d.code, label: departementLabel(d), group: 'Autres départements' })),
  ];
}

/** Libellé d'une valeur dans une liste d'options (la valeur elle-même si inconnue). */
export function optionLabel(items: readonly OptionItem[] | undefined, value: string | null): string {
  if (value == null || value === '') return '';
  return items?.find((i) => i.value === value)?.label ?? value;
}

/** Capacités autorisée et installée totales d'un ESMS (toutes modalités). */
export function capacityTotals(c: Capacites): { autorisee: number; installee: number } {
  const all = [c.internat, c.semi_internat, c.accueil_temporaire, c.externat];
  return {
    autorisee: all.reduce((s, x) => s + (x.autorisee ?? 0), 0),
    installee: all.reduce((s, x) => s + (x.installee ?? 0), 0),
  };
}

/** Total exact des ETP d'un ESMS (texte décimal à point). */
export function etpTotal(e: Etp): string {
  return sumDecimalStrings([e.administratif, e.educatif, e.medical, e.paramedical, e.pedagogique, e.autres]);
}

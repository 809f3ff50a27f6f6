// Affichage des valeurs d'une contribution (élément à décider : valeur du siège, de la
// direction) et des dates.

import { formatDateLong, formatDateTime } from '../../lib/format';

/** Une valeur de champ ou un enregistrement entier, en une ligne lisible. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(vide)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return v === true ? 'oui' : v === false ? 'non' : String(v);
  if (Array.isArray(v)) return v.map(showValue).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['libelle', 'nom', 'texte', 'commentaire', 'question']) {
      if (typeof o[k] === 'string' && o[k] !== '') return String(o[k]);
    }
    return 'enregistrement complet';
  }
  return String(v);
}

/** « 21 mars 2026 à 10:05 » à partir d'une date ISO ; vide si absente. */
export function when(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso) : '';
}

export function day(iso: string | null | undefined): string {
  return iso ? formatDateLong(iso.slice(0, 10)) : '—';
}

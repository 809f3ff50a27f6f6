// Où se trouve un champ désigné par un chemin, en mots : « Périmètre › IME Les Tilleuls ›
// Capacité installée (internat) ». Sert au rapport de validation.

import type { Dossier } from '../bindings/Dossier';
import type { ReferenceLists } from '../bindings/ReferenceLists';
import { fr } from '../i18n/fr';
import { parsePath } from './paths';

function lookup(map: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** Libellé d'un champ relatif à son enregistrement (« capacites.internat.installee »). */
export function fieldLabel(
  section: 'organisme' | 'cpom' | 'esms' | 'adhesions',
  field: string,
  refs: ReferenceLists | null,
): string | undefined {
  if (!field) return undefined;
  if (section === 'organisme') return lookup(fr.organisme.fields, field);
  if (section === 'cpom') return lookup(fr.cpom.fields, field);
  if (section === 'adhesions') return field === 'kind' ? fr.adhesions.kind : fr.adhesions.nom;
  const cap = /^capacites\.([a-z_]+)\.(autorisee|installee)$/.exec(field);
  if (cap) {
    const mod = refs?.modalites.find((m) => m.value === cap[1])?.label ?? cap[1];
    return `Capacité ${cap[2] === 'autorisee' ? 'autorisée' : 'installée'} (${mod.toLowerCase()})`;
  }
  const etp = /^etp\.([a-z_]+)$/.exec(field);
  if (etp) {
    const cat = refs?.etp_categories.find((m) => m.value === etp[1])?.label ?? etp[1];
    return `ETP ${cat.toLowerCase()}`;
  }
  return lookup(fr.esmsForm.fields, field);
}

/** Emplacement lisible d'un chemin de champ. */
export function pathLocation(path: string, dossier: Dossier | null, refs: ReferenceLists | null): string {
  const p = parsePath(path);
  if (!p) return path;
  const parts: string[] = [];
  if (p.tab === 'organisme') {
    parts.push(fr.perimetre.tabs.organisme);
    if (p.target?.kind === 'adhesion') {
      parts.push(fr.organisme.adhesions);
      const f = fieldLabel('adhesions', p.field, refs);
      if (f) parts.push(f);
    } else {
      const f = fieldLabel('organisme', p.field, refs);
      if (f) parts.push(f);
    }
  } else if (p.tab === 'cpom') {
    parts.push(fr.perimetre.tabs.cpom);
    const f = fieldLabel('cpom', p.field, refs);
    if (f) parts.push(f);
  } else {
    parts.push(fr.perimetre.tabs.esms);
    if (p.target?.id) {
      const e = dossier?.esms.find((x) => x.id === p.target?.id);
      parts.push(e?.nom.trim() ? e.nom : fr.esms.unnamed);
      const f = fieldLabel('esms', p.field, refs);
      if (f) parts.push(f);
    }
  }
  return parts.join(' › ');
}

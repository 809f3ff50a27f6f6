// Chemins de champs : le même format sert aux modifications (`record_update`), aux saisies
// refusées (`details.field`) et aux points du rapport de validation (`Issue.path`) :
//   organisme.finess_ej · cpom.date_effet · esms.<uuid>.capacites.internat.installee
//   adhesions.<uuid>.nom · esms (tout le périmètre)

import type { Issue } from '../bindings/Issue';
import type { Severity } from '../bindings/Severity';
import type { RecordKind } from '../bindings/RecordKind';
import { RECORD_TABLE } from '../bindings/recordTable';

export type { RecordKind };

/** L'enregistrement auquel appartient un champ. */
export interface Target {
  kind: RecordKind;
  id: string | null;
}

export const ORGANISME: Target = { kind: 'organisme', id: null };
export const CPOM: Target = { kind: 'cpom', id: null };
export const esmsTarget = (id: string): Target => ({ kind: 'esms', id });
export const adhesionTarget = (id: string): Target => ({ kind: 'adhesion', id });
export const ENGAGEMENT: Target = { kind: 'engagement', id: null };
export const FINANCES: Target = { kind: 'finances', id: null };
export const recordTarget = (kind: RecordKind, id: string): Target => ({ kind, id });

export const REGLAGES_OBJECTIFS: Target = { kind: 'reglages_objectifs', id: null };
export const MOYENS: Target = { kind: 'moyens', id: null };
export const SUIVI: Target = { kind: 'suivi', id: null };
export const SIGNATURES: Target = { kind: 'signatures', id: null };

/**
 * Préfixe des chemins d'un enregistrement : « organisme », « esms.<uuid> », « adhesions.<uuid> ».
 * Lu dans la table des enregistrements générée depuis Rust (`bindings/recordTable.ts`).
 */
export function recordPrefix(target: Target): string {
  const info = RECORD_TABLE[target.kind];
  return info.singleton ? info.path : `${info.path}.${target.id ?? ''}`;
}

export type Screen = 'perimetre' | 'lancement' | 'diagnostic' | 'objectifs' | 'signature' | 'suivi';

/**
 * L'écran qui affiche un chemin : « perimetre », une étape, ou null. « etapes.<étape> »
 * (étape encore vide, rapport « Prêt pour signature ») mène à l'étape.
 */
export function screenOf(path: string): Screen | null {
  const [head, second] = normalizePath(path).split('.');
  if (['organisme', 'cpom', 'esms', 'adhesions', 'accords', 'contrats_lies'].includes(head)) return 'perimetre';
  if (head === 'lancement' || head === 'diagnostic' || head === 'objectifs' || head === 'signature') return head;
  if (head === 'suivi_contrat') return 'suivi';
  if (head === 'etapes' && ['lancement', 'diagnostic', 'objectifs', 'signature'].includes(second)) {
    return second as Screen;
  }
  return null;
}

/**
 * L'enregistrement que désigne un chemin de champ (« esms.<id>.nom » → esms <id>,
 * « organisme.siren » → organisme), d'après la table des enregistrements ; null pour un chemin
 * de catalogue (« diagnostic.questions.<q> »).
 */
export function recordOf(path: string): Target | null {
  const p = normalizePath(path);
  let best: Target | null = null;
  let bestLen = -1;
  for (const [kind, info] of Object.entries(RECORD_TABLE) as [RecordKind, (typeof RECORD_TABLE)[RecordKind]][]) {
    if (info.path.length <= bestLen || (p !== info.path && !p.startsWith(`${info.path}.`))) continue;
    if (info.singleton) {
      best = { kind, id: null };
    } else {
      const id = p.slice(info.path.length + 1).split('.')[0];
      if (!id) continue;
      best = { kind, id };
    }
    bestLen = info.path.length;
  }
  return best;
}

/** Chemin complet d'un champ : fullPath(esmsTarget(id), 'finess_et') → « esms.<id>.finess_et ». */
export function fullPath(target: Target, field: string): string {
  return `${recordPrefix(target)}.${field}`;
}

/**
 * Forme canonique d'un chemin venant du back end : espaces retirés, « adhesion.<id> » ramené
 * à « adhesions.<id> » (le rapport emploie le pluriel, comme le dossier).
 */
export function normalizePath(path: string): string {
  const p = path.trim();
  return p.startsWith('adhesion.') ? `adhesions.${p.slice('adhesion.'.length)}` : p;
}

export interface ParsedPath {
  /** Onglet de l'écran « Organisme & périmètre » qui affiche ce champ. */
  tab: 'organisme' | 'cpom' | 'esms';
  target: Target | null;
  /** Chemin relatif à l'enregistrement (« capacites.internat.autorisee ») ; vide pour « esms ». */
  field: string;
}

/** Décompose un chemin ; null si le chemin ne désigne rien de connu. */
export function parsePath(path: string): ParsedPath | null {
  const p = normalizePath(path);
  const parts = p.split('.');
  const head = parts[0];
  if (head === 'organisme') {
    return { tab: 'organisme', target: ORGANISME, field: parts.slice(1).join('.') };
  }
  if (head === 'cpom') {
    return { tab: 'cpom', target: CPOM, field: parts.slice(1).join('.') };
  }
  if (head === 'accords' || head === 'contrats_lies') {
    const kind = head === 'accords' ? 'accord' : 'contrat_lie';
    const id = parts[1] ?? '';
    // « accords.cd:49 » : l'accord attendu n'existe pas encore ; la section est sur l'onglet CPOM.
    if (!id || id.includes(':')) return { tab: 'cpom', target: null, field: '' };
    return { tab: 'cpom', target: { kind, id }, field: parts.slice(2).join('.') };
  }
  if (head === 'esms') {
    if (parts.length === 1 || parts[1] === '') return { tab: 'esms', target: null, field: '' };
    return { tab: 'esms', target: esmsTarget(parts[1]), field: parts.slice(2).join('.') };
  }
  if (head === 'adhesions') {
    if (parts.length < 2 || parts[1] === '') return { tab: 'organisme', target: null, field: '' };
    return { tab: 'organisme', target: adhesionTarget(parts[1]), field: parts.slice(2).join('.') };
  }
  return null;
}

/** Vrai si deux chemins désignent le même champ (après normalisation). */
export function samePath(a: string, b: string): boolean {
  return normalizePath(a) === normalizePath(b);
}

/** Vrai si `path` est `prefix` lui-même ou un champ situé sous lui (« esms.<id> » ⊃ « esms.<id>.nom »). */
export function isUnder(path: string, prefix: string): boolean {
  const p = normalizePath(path);
  const q = normalizePath(prefix);
  return p === q || p.startsWith(`${q}.`);
}

/** Les points du rapport qui portent exactement sur ce champ. */
export function issuesFor(issues: readonly Issue[], path: string): Issue[] {
  const p = normalizePath(path);
  return issues.filter((i) => normalizePath(i.path) === p);
}

/** Les points du rapport qui portent sur un enregistrement ou l'un de ses champs. */
export function issuesUnder(issues: readonly Issue[], prefix: string): Issue[] {
  return issues.filter((i) => isUnder(i.path, prefix));
}

const SEVERITY_ORDER: Severity[] = ['erreur', 'avertissement', 'information'];

/** La gravité la plus forte d'une liste de points (null si vide). Une valeur « à compléter »
 *  ne colore rien (un dossier neuf n'est pas en erreur). */
export function worstSeverity(issues: readonly Issue[]): Severity | null {
  const coloured = issues.filter((i) => !i.a_completer);
  for (const s of SEVERITY_ORDER) if (coloured.some((i) => i.severity === s)) return s;
  return null;
}

/** Les points regroupés par gravité, dans l'ordre erreurs, avertissements, informations. */
export function groupBySeverity(issues: readonly Issue[]): { severity: Severity; issues: Issue[] }[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    issues: issues.filter((i) => i.severity === severity),
  })).filter((g) => g.issues.length > 0);
}

/**
 * Chemins à essayer, du plus précis au plus large, pour trouver l'élément à focaliser :
 * « esms.<id>.capacites.internat.installee » → lui-même, « esms.<id>.capacites.internat »,
 * « esms.<id>.capacites », « esms.<id> », « esms ».
 */
export function focusCandidates(path: string): string[] {
  const parts = normalizePath(path).split('.');
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(parts.slice(0, n).join('.'));
  return out;
}

/** Identifiant d'élément HTML stable tiré d'un chemin (« f-esms-<id>-finess_et »). */
export function domId(path: string): string {
  return `f-${normalizePath(path).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

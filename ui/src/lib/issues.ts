// Ce que l'interface montre d'un point du rapport : sa « tonalité » (à compléter, erreur,
// avertissement, information), sa source telle qu'un directeur peut la lire (sans numéro de
// fichier, ligne d'extraction ni code de règle : ceux-ci sont pour les mainteneurs), et
// l'explication « Pourquoi ? ».

import type { Severity } from '../bindings/Severity';

export type Tone = 'a_completer' | Severity;

interface IssueLike {
  severity: Severity;
  a_completer?: boolean;
}

/** Une valeur obligatoire pas encore saisie se montre « à compléter », jamais en rouge. */
export function tone(i: IssueLike): Tone {
  return i.a_completer ? 'a_completer' : i.severity;
}

export const TONE_ORDER: Tone[] = ['erreur', 'a_completer', 'avertissement', 'information'];

/** La tonalité la plus forte (null si aucun point). « À compléter » ne colore pas le champ. */
export function worstTone(issues: readonly IssueLike[]): Tone | null {
  for (const t of TONE_ORDER) if (issues.some((i) => tone(i) === t)) return t;
  return null;
}

/** Les points regroupés par tonalité, dans l'ordre erreurs, à compléter, avertissements, informations. */
export function groupByTone<T extends IssueLike>(issues: readonly T[]): { tone: Tone; issues: T[] }[] {
  return TONE_ORDER.map((t) => ({ tone: t, issues: issues.filter((i) => tone(i) === t) })).filter(
    (g) => g.issues.length > 0,
  );
}

const MAINTAINER = [
  // « (seed 000) », « (seed 002), », « (reference-facts §2) », « (engineering-anchors …) »
  /\s*\((?:[^()]*\b(?:seed\s*\d+|reference-facts|engineering-anchors|stack-notes|\.md)\b[^()]*)\)/gi,
  // « seed 000 » ou « seed000 » restés hors parenthèses
  /,?\s*\bseed\s*\d{3}\b/gi,
  // numéros de ligne d'extraction : « L991-L993 », « L1449-L1456, L1460 », « L1711 »
  /,?\s*\bL\d{2,5}(?:\s*[-–]\s*L?\d{2,5})?(?:\s*,\s*L\d{2,5}(?:\s*[-–]\s*L?\d{2,5})?)*/g,
  // codes de règle internes entre parenthèses : « (V09) », « (S-CA) », « (V27, V28) »
  /\s*\((?:[A-Z]{1,3}\d{2}|[A-Z]+(?:-[A-Z0-9]+)+)(?:\s*,\s*(?:[A-Z]{1,3}\d{2}|[A-Z]+(?:-[A-Z0-9]+)+))*\)/g,
];

/**
 * La source d'un point telle qu'un utilisateur peut la lire : le texte et sa section, sans
 * référence de mainteneur (« Instruction DGCS du 21 mars 2017, L991-L993 » → « Instruction
 * DGCS du 21 mars 2017 »).
 */
export function citation(source: string): string {
  let s = source;
  for (const re of MAINTAINER) s = s.replace(re, '');
  return s
    .replace(/\(\s*\)/g, '')
    .replace(/\s+,/g, ',')
    .replace(/,\s*(?=[);.]|$)/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/[\s,;:·–-]+$/u, '')
    .trim();
}

/** Ce que dit la gravité d'un point, en mots simples (détail « Pourquoi ? »). */
export const WHY: Record<Tone, string> = {
  a_completer:
    'Ce renseignement est exigé par le texte cité : tant qu’il manque, l’étape ne peut pas être validée et le contrat reste à l’état de projet. Rien n’est faux : il reste seulement à le saisir.',
  erreur:
    'Le texte cité l’impose : tant que ce point n’est pas corrigé, l’étape ne peut pas être validée et le contrat reste à l’état de projet.',
  avertissement:
    'Conseil ou méthode d’un guide (pas une obligation) : vous pouvez le corriger, ou le « prendre en compte » avec un commentaire si votre situation le justifie.',
  information: 'Pour information : rien n’est à faire.',
};

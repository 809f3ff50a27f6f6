// Les textes de l'interface citent ce qu'un utilisateur peut lire (titre du document et
// partie) : jamais un numéro de fichier source, une ligne d'extraction ni un fichier interne.

import { describe, expect, it } from 'vitest';

import { fr } from '../src/i18n/fr';

/** Ce que la relecture refuse, avec la raison (miroir de `kernel::sources::unreadable`). */
const FORBIDDEN: [RegExp, string][] = [
  [/\bseed\b/i, 'un numéro de document source (« seed »)'],
  [/\bL\d{2,}\b/, 'un numéro de ligne d’extraction (« L123 »)'],
  [/reference-facts/i, 'un fichier interne (« reference-facts »)'],
];

/** Tous les textes d'un arbre de traductions ; une fonction est appelée avec des valeurs d'essai. */
function texts(node: unknown, at: string, out: [string, string][]): void {
  if (typeof node === 'string') {
    out.push([at, node]);
  } else if (typeof node === 'function') {
    const f = node as (...args: unknown[]) => unknown;
    for (const args of [Array(f.length).fill('x'), Array(f.length).fill(2)]) {
      try {
        texts(f(...args), at, out);
      } catch {
        // Une fonction qui attend d'autres arguments : ses textes fixes restent lus plus bas.
      }
    }
    // Le corps de la fonction porte ses gabarits tels qu'écrits.
    out.push([`${at} (source)`, f.toString()]);
  } else if (Array.isArray(node)) {
    node.forEach((x, i) => texts(x, `${at}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) texts(v, at ? `${at}.${k}` : k, out);
  }
}

describe('textes de l’interface', () => {
  const all: [string, string][] = [];
  texts(fr, '', all);

  it('sont nombreux (la relecture parcourt bien l’arbre)', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it('ne citent ni « seed », ni une ligne d’extraction, ni un fichier interne', () => {
    const bad = all.flatMap(([at, text]) =>
      FORBIDDEN.filter(([re]) => re.test(text)).map(([, why]) => `${at} : ${why} — « ${text.slice(0, 120)} »`),
    );
    expect(bad).toEqual([]);
  });

  it('la relecture détecte une citation illisible', () => {
    const probe: [string, string][] = [];
    texts({ a: 'Source : seed 000 L1528-L1532', b: () => 'voir reference-facts.md' }, '', probe);
    const hits = probe.filter(([, text]) => FORBIDDEN.some(([re]) => re.test(text)));
    expect(hits.length).toBeGreaterThanOrEqual(2);
  });
});

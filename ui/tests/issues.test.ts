import { describe, expect, it } from 'vitest';

import { citation, groupByTone, tone, worstTone } from '../src/lib/issues';

describe('citation : la source telle qu’un directeur la lit', () => {
  it.each([
    ['Instruction DGCS du 21 mars 2017, L1449-L1456 (V09)', 'Instruction DGCS du 21 mars 2017'],
    ['Arrêté du 3 mars 2017, article 1 (reference-facts §2)', 'Arrêté du 3 mars 2017, article 1'],
    ['Démarche du guide ARS Pays de la Loire (seed 002), L327-L393', 'Démarche du guide ARS Pays de la Loire'],
    ['Guide ANAP 2017, L1711 (référent CPOM)', 'Guide ANAP 2017 (référent CPOM)'],
    ['Règles FINESS (reference-facts §4.3)', 'Règles FINESS'],
    ['Instruction DGCS du 21 mars 2017, L730-L743 (frais de siège)', 'Instruction DGCS du 21 mars 2017 (frais de siège)'],
    ['seed000 §8.4', '§8.4'],
    [
      'Instruction DGCS/SD5C/2017/96 du 21 mars 2017, § 2.3',
      'Instruction DGCS/SD5C/2017/96 du 21 mars 2017, § 2.3',
    ],
  ])('« %s » → « %s »', (raw, shown) => {
    expect(citation(raw)).toBe(shown);
  });

  it('ne laisse ni « seed », ni numéro de ligne, ni code de règle', () => {
    const out = citation('Guide PdL (seed 002), L795, L801-L803 (A-REPORT)');
    expect(out).not.toMatch(/seed|L\d{3}|A-REPORT/);
  });
});

describe('tonalité d’un point', () => {
  const todo = { severity: 'erreur' as const, a_completer: true };
  const err = { severity: 'erreur' as const, a_completer: false };
  const warn = { severity: 'avertissement' as const, a_completer: false };
  it('une valeur à saisir est « à compléter », pas une erreur', () => {
    expect(tone(todo)).toBe('a_completer');
    expect(tone(err)).toBe('erreur');
    expect(worstTone([todo, warn])).toBe('a_completer');
    expect(worstTone([todo, err])).toBe('erreur');
    expect(groupByTone([warn, todo, err]).map((g) => g.tone)).toEqual(['erreur', 'a_completer', 'avertissement']);
  });
});

import { parseDateFr } from '../src/lib/format';

describe('dates en français, quelle que soit la langue de la machine', () => {
  it.each([
    ['21/03/2026', '2026-03-21'],
    ['21/3/26', '2026-03-21'],
    ['21.03.2026', '2026-03-21'],
    ['21 mars 2026', '2026-03-21'],
    ['1er janvier 2026', '2026-01-01'],
    ['15 AOUT 2024', '2024-08-15'],
    ['3 févr. 2027', '2027-02-03'],
    ['2026-03-21', '2026-03-21'],
    ['  ', ''],
  ])('« %s » → %s', (typed, iso) => {
    expect(parseDateFr(typed)).toBe(iso);
  });
  it.each(['31/02/2026', '12/13/2026', 'demain', '21 mors 2026', '06/14/2024'])('« %s » est refusée', (typed) => {
    expect(parseDateFr(typed)).toBeNull();
  });
});

describe('citation : sources composées', () => {
  it('garde les sections et retire les références de mainteneur', () => {
    expect(
      citation(
        'Guide ANAP 2017 (seed 004), L1437-L1453 — §7.2 étape 3 « Lancement » ; guide ARS Pays de la Loire (seed 002), L335-L339',
      ),
    ).toBe('Guide ANAP 2017 — §7.2 étape 3 « Lancement » ; guide ARS Pays de la Loire');
    expect(
      citation('Guide ANAP 2017 (seed 004), L1474-L1477, L2182 (matrice RACI) ; un seul « A » par étape : convention RACI (inférence)'),
    ).toBe('Guide ANAP 2017 (matrice RACI) ; un seul « A » par étape : convention RACI (inférence)');
  });
});

import { describe, expect, it } from 'vitest';

import type { Category } from '../src/bindings/Category';
import {
  capacityTotals,
  categoryMatches,
  categoryOptions,
  closedCategoryNote,
  currentCategoryLabel,
  departementOptions,
  etpTotal,
} from '../src/lib/reference';
import { makeEsms } from './fixtures';

function cat(code: string, libelle: string, extra: Partial<Category> = {}): Category {
  return {
    code,
    libelle,
    sigle: null,
    ouverte: true,
    date_fermeture: null,
    remplacement: null,
    secteur: null,
    competence: null,
    regime: null,
    proposee: false,
    ...extra,
  };
}

const CATEGORIES: Category[] = [
  cat('183', 'Institut Médico-Educatif', { sigle: 'IME', secteur: 'enfance', proposee: true }),
  cat('448', 'Établissement d’accueil médicalisé en tout ou partie pour personnes handicapées', {
    sigle: 'EAM',
    secteur: 'adultes',
    proposee: true,
  }),
  cat('437', 'Foyer d’accueil médicalisé pour adultes handicapés', {
    sigle: 'FAM',
    ouverte: false,
    date_fermeture: '2022-03-01',
    remplacement: '448',
    secteur: 'adultes',
  }),
  cat('500', 'Établissement de santé', {}),
];

describe('catégories FINESS', () => {
  it('ne propose que les catégories « proposee », groupées par secteur', () => {
    expect(categoryOptions(CATEGORIES)).toEqual([
      { value: '183', label: 'IME — Institut Médico-Educatif (183)', group: 'Enfance' },
      {
        value: '448',
        label: 'EAM — Établissement d’accueil médicalisé en tout ou partie pour personnes handicapées (448)',
        group: 'Adultes',
      },
    ]);
  });

  it('cherche par code, sigle ou mot, sans tenir compte des accents', () => {
    expect(categoryOptions(CATEGORIES, 'ime').map((o) => o.value)).toEqual(['183']);
    expect(categoryOptions(CATEGORIES, '448').map((o) => o.value)).toEqual(['448']);
    expect(categoryOptions(CATEGORIES, 'etablissement accueil').map((o) => o.value)).toEqual(['448']);
    expect(categoryMatches(CATEGORIES[0], 'medico educatif')).toBe(true);
    expect(categoryMatches(CATEGORIES[0], 'sessad')).toBe(false);
  });

  it('signale une catégorie fermée et son remplacement', () => {
    expect(closedCategoryNote('437', CATEGORIES)).toBe('catégorie fermée — remplacement proposé : 448 EAM');
    expect(closedCategoryNote('183', CATEGORIES)).toBeNull();
    expect(closedCategoryNote(null, CATEGORIES)).toBeNull();
    expect(currentCategoryLabel('437', CATEGORIES)).toBe(
      'FAM — Foyer d’accueil médicalisé pour adultes handicapés (437) (catégorie fermée — remplacement proposé : 448 EAM)',
    );
    expect(currentCategoryLabel('999', CATEGORIES)).toBe('999 (catégorie inconnue)');
  });
});

describe('départements', () => {
  const deps = [
    { code: '44', nom: 'Loire-Atlantique', region: '52' },
    { code: '35', nom: 'Ille-et-Vilaine', region: '53' },
    { code: '49', nom: 'Maine-et-Loire', region: '52' },
  ];

  it('met ceux du CPOM en tête', () => {
    expect(departementOptions(deps, ['44', '49'], 'Départements du CPOM')).toEqual([
      { value: '44', label: '44 — Loire-Atlantique', group: 'Départements du CPOM' },
      { value: '49', label: '49 — Maine-et-Loire', group: 'Départements du CPOM' },
      { value: '35', label: '35 — Ille-et-Vilaine', group: 'Autres départements' },
    ]);
    expect(departementOptions(deps, [], 'x').every((o) => !('group' in o))).toBe(true);
  });
});

describe('totaux d’un ESMS', () => {
  it('capacités et ETP', () => {
    const e = makeEsms();
    e.capacites.semi_internat = { autorisee: 36, installee: 34 };
    expect(capacityTotals(e.capacites)).toEqual({ autorisee: 60, installee: 58 });
    expect(etpTotal(e.etp)).toBe('32.5');
  });
});

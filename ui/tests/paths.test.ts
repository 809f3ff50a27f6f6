import { describe, expect, it } from 'vitest';

import type { Issue } from '../src/bindings/Issue';
import {
  CPOM,
  ORGANISME,
  adhesionTarget,
  domId,
  esmsTarget,
  focusCandidates,
  fullPath,
  groupBySeverity,
  isUnder,
  issuesFor,
  issuesUnder,
  normalizePath,
  parsePath,
  recordOf,
  recordPrefix,
  recordTarget,
  worstSeverity,
} from '../src/lib/paths';

const ID = '0b7a4c1e-2f55-4a4e-9d0e-6a3f5c2b1d90';
const OTHER = 'f3c2a1b0-1111-4222-8333-944455556666';

function issue(severity: Issue['severity'], path: string, message = 'm'): Issue {
  return { severity, rule: 'R', path, message, source: 'S', a_completer: false };
}

describe('chemins complets', () => {
  it('construit le chemin que le back end emploie pour chaque enregistrement', () => {
    expect(fullPath(ORGANISME, 'finess_ej')).toBe('organisme.finess_ej');
    expect(fullPath(CPOM, 'date_effet')).toBe('cpom.date_effet');
    expect(fullPath(esmsTarget(ID), 'capacites.internat.installee')).toBe(
      `esms.${ID}.capacites.internat.installee`,
    );
    // Les adhésions sont au pluriel dans les chemins du rapport.
    expect(fullPath(adhesionTarget(ID), 'nom')).toBe(`adhesions.${ID}.nom`);
  });

  it('ramène « adhesion.<id> » à « adhesions.<id> »', () => {
    expect(normalizePath(`adhesion.${ID}.nom`)).toBe(`adhesions.${ID}.nom`);
    expect(normalizePath(' organisme.siren ')).toBe('organisme.siren');
  });

  it('décompose un chemin en onglet, enregistrement et champ', () => {
    expect(parsePath('organisme.adresse_siege.commune')).toEqual({
      tab: 'organisme',
      target: ORGANISME,
      field: 'adresse_siege.commune',
    });
    expect(parsePath(`esms.${ID}.etp.medical`)).toEqual({
      tab: 'esms',
      target: esmsTarget(ID),
      field: 'etp.medical',
    });
    expect(parsePath('esms')).toEqual({ tab: 'esms', target: null, field: '' });
    expect(parsePath(`adhesions.${ID}.nom`)?.tab).toBe('organisme');
    expect(parsePath('cpom.departements')?.tab).toBe('cpom');
    expect(parsePath('inconnu.x')).toBeNull();
  });

  it('le chemin refusé par record_update retombe sur le champ saisi', () => {
    const refused = `esms.${ID}.finess_et`;
    const parsed = parsePath(refused)!;
    expect(fullPath(parsed.target!, parsed.field)).toBe(refused);
  });
});

describe('points du rapport rattachés aux champs', () => {
  const issues = [
    issue('avertissement', `esms.${ID}.capacites.internat.installee`, '3 places installées pour 2 autorisées'),
    issue('erreur', `esms.${ID}.finess_et`),
    issue('information', `esms.${OTHER}.categorie`),
    issue('erreur', 'esms', 'Le périmètre ne contient encore aucun ESMS.'),
    issue('avertissement', `adhesions.${ID}.nom`),
    issue('erreur', 'organisme.finess_ej'),
  ];

  it('retient seulement les points du champ exact', () => {
    const found = issuesFor(issues, `esms.${ID}.capacites.internat.installee`);
    expect(found.map((i) => i.message)).toEqual(['3 places installées pour 2 autorisées']);
    expect(issuesFor(issues, `esms.${ID}.capacites.internat.autorisee`)).toEqual([]);
    expect(issuesFor(issues, 'organisme.finess')).toEqual([]);
    expect(issuesFor(issues, `adhesion.${ID}.nom`)).toHaveLength(1);
  });

  it('regroupe les points d’un enregistrement sans déborder sur un préfixe voisin', () => {
    expect(issuesUnder(issues, `esms.${ID}`)).toHaveLength(2);
    expect(issuesUnder(issues, 'esms')).toHaveLength(4);
    expect(isUnder(`esms.${ID}0.nom`, `esms.${ID}`)).toBe(false);
    expect(isUnder('organisme.finess_ej', 'organisme')).toBe(true);
  });

  it('gravité la plus forte et groupes dans l’ordre erreurs, avertissements, informations', () => {
    expect(worstSeverity(issuesUnder(issues, `esms.${ID}`))).toBe('erreur');
    expect(worstSeverity(issuesUnder(issues, `esms.${OTHER}`))).toBe('information');
    expect(worstSeverity([])).toBeNull();
    const groups = groupBySeverity(issues);
    expect(groups.map((g) => [g.severity, g.issues.length])).toEqual([
      ['erreur', 3],
      ['avertissement', 2],
      ['information', 1],
    ]);
  });

  it('cherche l’élément à focaliser du plus précis au plus large', () => {
    expect(focusCandidates(`esms.${ID}.capacites.internat.installee`)).toEqual([
      `esms.${ID}.capacites.internat.installee`,
      `esms.${ID}.capacites.internat`,
      `esms.${ID}.capacites`,
      `esms.${ID}`,
      'esms',
    ]);
  });

  it('fabrique des identifiants HTML valides', () => {
    expect(domId(`esms.${ID}.adresse.code_postal`)).toBe(`f-esms-${ID}-adresse-code_postal`);
    expect(domId('organisme.finess_ej')).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });
});

describe('recordOf (table des enregistrements générée depuis Rust)', () => {
  it('retrouve le type et l’identifiant de l’enregistrement d’un champ', () => {
    expect(recordOf('esms.e1.capacites.internat.autorisee')).toEqual({ kind: 'esms', id: 'e1' });
    expect(recordOf('organisme.siren')).toEqual({ kind: 'organisme', id: null });
    expect(recordOf('objectifs.actions.a1.libelle')).toEqual({ kind: 'action', id: 'a1' });
    expect(recordOf('objectifs.reglages.seuil_objectifs')).toEqual({ kind: 'reglages_objectifs', id: null });
    expect(recordOf('diagnostic.finances.resultats.ars.2024')).toEqual({ kind: 'finances', id: null });
    expect(recordOf('adhesion.x1.nom')).toEqual({ kind: 'adhesion', id: 'x1' });
    expect(recordOf('diagnostic.questions.q1')).toBeNull();
    expect(recordOf('esms')).toBeNull();
  });

  it('recordPrefix est l’inverse de recordOf', () => {
    for (const t of [esmsTarget('e1'), ORGANISME, recordTarget('action', 'a1'), recordTarget('clause', 'c1')]) {
      expect(recordOf(`${recordPrefix(t)}.champ`)).toEqual(t);
    }
  });
});

// @vitest-environment jsdom
// Après la signature : ce qui se modifie (l'exécution, toujours ; le contrat, seulement dans
// un projet d'avenant ; les signatures initiales, jamais), d'après la colonne « nature » de
// la table des enregistrements ; un point du suivi mène au bon onglet.

import { describe, expect, it } from 'vitest';

import { RECORD_TABLE } from '../src/bindings/recordTable';
import { screenOf } from '../src/lib/paths';
import { AppStore, suiviTabOf } from '../src/lib/store.svelte';
import { makeView } from './fixtures';

function signedView(draft: boolean) {
  const v = makeView();
  v.readiness = { ...v.readiness, etat: 'signe', etat_libelle: 'Signé' };
  v.suivi = { ...v.suivi, situation: { ...v.suivi.situation, etat: 'en_execution', projet_avenant: draft } };
  return v;
}

describe('suivi du contrat signé', () => {
  it('la table déclare la nature de chaque type', () => {
    expect(RECORD_TABLE.esms.nature).toBe('contrat');
    expect(RECORD_TABLE.objectif.nature).toBe('contrat');
    expect(RECORD_TABLE.realisation_indicateur.nature).toBe('execution');
    expect(RECORD_TABLE.avenant.nature).toBe('execution');
  });

  it('avant la signature, rien n’est figé', () => {
    const s = new AppStore();
    s.enter(makeView());
    expect(s.signed).toBe(false);
    expect(s.lockedKind('esms')).toBe(false);
    expect(s.lockedKind('signatures')).toBe(false);
  });

  it('signé : le contrat est figé, l’exécution non', () => {
    const s = new AppStore();
    s.enter(signedView(false));
    expect(s.signed).toBe(true);
    expect(s.readOnly).toBe(true);
    expect(s.lockedKind('esms')).toBe(true);
    expect(s.lockedKind('objectif')).toBe(true);
    expect(s.lockedKind('realisation_indicateur')).toBe(false);
    expect(s.lockedKind('dialogue_gestion')).toBe(false);
    expect(s.lockedKind('signatures')).toBe(true);
  });

  it('projet d’avenant ouvert : le contrat se modifie, pas les signatures initiales', () => {
    const s = new AppStore();
    s.enter(signedView(true));
    expect(s.readOnly).toBe(false);
    expect(s.lockedKind('esms')).toBe(false);
    expect(s.lockedKind('signatures')).toBe(true);
    expect(s.lockedKind('avenant')).toBe(false);
  });

  it('un chemin du suivi mène à son onglet', () => {
    expect(screenOf('suivi_contrat.objectifs.x.explication.2')).toBe('suivi');
    expect(suiviTabOf('suivi_contrat.objectifs.x.explication.2')).toBe('revue');
    expect(suiviTabOf('suivi_contrat.exercices.annee:2027.errd_envoye_le')).toBe('revue');
    expect(suiviTabOf('suivi_contrat.saisines.x.suites_le')).toBe('dialogues');
    expect(suiviTabOf('suivi_contrat.avenants.x.types')).toBe('avenants');
    expect(suiviTabOf('suivi_contrat.general.renouvellement_prepare_le')).toBe('bilans');
  });
});

// @vitest-environment jsdom
// Kits de contribution côté interface : champs verrouillés hors de la partie déléguée,
// notes de provenance, affichage des valeurs, appels des commandes.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { showValue } from '../src/parts/contributions/values';
import { AppStore } from '../src/lib/store.svelte';
import { ESMS_ID, makeView } from './fixtures';

const OTHER = '99999999-0000-4000-8000-000000000000';
const REPONSE = '11111111-0000-4000-8000-000000000000';

function kitView() {
  return makeView({
    kit: {
      kit_id: 'k1',
      destinataire: 'Direction de l’IME',
      echeance: '2026-04-15',
      issued_at: '2026-03-21T10:00:00.000Z',
      issued_by: 'Siège',
      esms: [ESMS_ID],
      esms_noms: ['IME'],
      editables: [ESMS_ID, REPONSE],
    },
  });
}

afterEach(() => clearMocks());

describe('kit de contribution', () => {
  it('ne verrouille rien dans un dossier ordinaire', () => {
    const s = new AppStore();
    s.setView(makeView());
    expect(s.isLocked('organisme.raison_sociale')).toBe(false);
    expect(s.isLocked(`esms.${OTHER}.nom`)).toBe(false);
    expect(s.canEdit('reponse', null, null)).toBe(true);
  });

  it('n’ouvre que la partie déléguée', () => {
    const s = new AppStore();
    s.setView(kitView());
    expect(s.isLocked('organisme.raison_sociale')).toBe(true);
    expect(s.isLocked('cpom.date_effet')).toBe(true);
    expect(s.isLocked(`esms.${OTHER}.nom`)).toBe(true);
    expect(s.isLocked(`esms.${ESMS_ID}.capacites.internat.installee`)).toBe(false);
    expect(s.isLocked(`diagnostic.reponses.${REPONSE}.commentaire`)).toBe(false);
    // Réponse pas encore créée pour l’ESMS du kit : ouverte ; pour l’organisme : fermée
    // (portée de la table des enregistrements).
    expect(s.canEdit('reponse', null, ESMS_ID)).toBe(true);
    expect(s.canEdit('reponse', null, null)).toBe(false);
    expect(s.canEdit('reponse', null, OTHER)).toBe(false);
    // Un type qui reste au siège ne se crée pas dans un kit.
    expect(s.canEdit('jalon', null, ESMS_ID)).toBe(false);
    // Un chemin de catalogue ne désigne aucun enregistrement : en lecture seule.
    expect(s.isLocked('diagnostic.questions.q1')).toBe(true);
  });

  it('affiche la provenance d’un champ intégré', () => {
    const s = new AppStore();
    const path = `esms.${ESMS_ID}.public_specifique`;
    s.setView(
      makeView({
        provenance: [
          { path, record_id: ESMS_ID, field: 'public_specifique', merge_id: 'm1', texte: 'Rédigé par Direction de l’IME (M. X, le 21 mars 2026), intégré le 22 mars 2026' },
        ],
      }),
    );
    expect(s.provenanceFor(path)).toContain('intégré le 22 mars 2026');
    expect(s.provenanceFor(`esms.${ESMS_ID}.nom`)).toBeNull();
  });

  it('rend les valeurs lisibles', () => {
    expect(showValue(null)).toBe('(vide)');
    expect(showValue(['a', 'b'])).toBe('a, b');
    expect(showValue(true)).toBe('oui');
    expect(showValue({ id: 'x', libelle: 'Rapport EE' })).toBe('Rapport EE');
    expect(showValue(210)).toBe('210');
  });

  it('envoie les décisions et l’identifiant d’intégration sous les noms attendus', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'kit_integrate') return { integration: { merge_id: 'm1', ecrits: 1, acceptes: 1, rejetes: 0, resume: 'ok' }, view: makeView() };
      if (cmd === 'merge_undo') return makeView();
      return null;
    });
    (window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ ??= {};
    const r = await api.kitIntegrate('/tmp/kit.cpom', { 'a:b': { choix: 'modifier', valeur: 'x' } });
    expect(r.integration.merge_id).toBe('m1');
    await api.mergeUndo('m1');
    expect(calls[0]).toEqual(['kit_integrate', { path: '/tmp/kit.cpom', decisions: { 'a:b': { choix: 'modifier', valeur: 'x' } } }]);
    expect(calls[1]).toEqual(['merge_undo', { mergeId: 'm1' }]);
  });
});

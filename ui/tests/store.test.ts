// @vitest-environment jsdom
// L'enregistrement automatique : dossier remplacé après chaque réponse, refus conservés avec
// la valeur tapée, une seule requête à la fois par champ.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DossierView } from '../src/bindings/DossierView';
import type { FieldUpdate } from '../src/bindings/FieldUpdate';
import { CPOM, ORGANISME, esmsTarget } from '../src/lib/paths';
import { AppStore } from '../src/lib/store.svelte';
import { ESMS_ID, makeEsms, makeView } from './fixtures';

interface Pending {
  update: FieldUpdate;
  resolve: (v: DossierView) => void;
  reject: (e: unknown) => void;
}

let pending: Pending[];
let inFlight: Map<string, number>;
let maxPerField: number;

/** Faux back end dont on libère les réponses à la main. */
function slowBackend() {
  pending = [];
  inFlight = new Map();
  maxPerField = 0;
  mockIPC((cmd, args) => {
    if (cmd === 'catalogues') return new Promise(() => {});
    if (cmd !== 'record_update') throw new Error(`commande inattendue ${cmd}`);
    const update = (args as { update: FieldUpdate }).update;
    const key = `${update.kind}.${update.id}.${update.field}`;
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    maxPerField = Math.max(maxPerField, inFlight.get(key)!);
    return new Promise<DossierView>((resolve, reject) => {
      const done = () => inFlight.set(key, inFlight.get(key)! - 1);
      pending.push({
        update,
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
    });
  });
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function viewWith(raison: string, savedAt = '2026-03-21T10:32:00.000Z'): DossierView {
  const v = makeView({ saved_at: savedAt });
  v.dossier.organisme.raison_sociale = raison;
  return v;
}

let store: AppStore;

beforeEach(() => {
  slowBackend();
  store = new AppStore();
  store.enter(makeView());
});

afterEach(() => {
  clearMocks();
});

describe('enregistrement d’un champ', () => {
  it('affiche « saving » pendant la requête puis remplace tout le dossier', async () => {
    const result = store.updateField(ORGANISME, 'raison_sociale', 'Association Les Iris de l’Erdre');
    await flush();
    expect(store.saveState).toBe('saving');
    expect(pending).toHaveLength(1);
    expect(pending[0].update).toEqual({
      kind: 'organisme',
      id: null,
      field: 'raison_sociale',
      value: 'Association Les Iris de l’Erdre',
    });

    pending[0].resolve(viewWith('Association Les Iris de l’Erdre', '2026-03-21T11:32:00.000Z'));
    await expect(result).resolves.toBe('saved');
    expect(store.saveState).toBe('saved');
    expect(store.savedAt).toBe('2026-03-21T11:32:00.000Z');
    expect(store.view?.dossier.organisme.raison_sociale).toBe('Association Les Iris de l’Erdre');
  });

  it('garde la valeur refusée et le message, puis les efface au prochain succès', async () => {
    const target = esmsTarget(ESMS_ID);
    const path = `esms.${ESMS_ID}.finess_et`;
    const first = store.updateField(target, 'finess_et', '44001234');
    await flush();
    pending[0].reject({
      code: 'finess.zero_perdu',
      message: 'Ce FINESS semble avoir perdu son zéro initial.',
      details: { field: path, suggestion: '044001234', file: null, location: null, technique: null },
    });
    await expect(first).resolves.toBe('refused');
    expect(store.saveState).toBe('error');
    expect(store.saveError).toBe('Ce FINESS semble avoir perdu son zéro initial.');
    const rejection = store.rejectionFor(path)!;
    expect(rejection.value).toBe('44001234');
    expect(rejection.error.details.suggestion).toBe('044001234');
    // Le dossier n'a pas changé.
    expect(store.view?.dossier.esms[0].finess_et).toBe('440012342');

    const second = store.updateField(target, 'finess_et', '044001234');
    await flush();
    const fixed = makeView();
    fixed.dossier.esms[0].finess_et = '044001234';
    pending[1].resolve(fixed);
    await expect(second).resolves.toBe('saved');
    expect(store.rejectionFor(path)).toBeUndefined();
    expect(store.saveState).toBe('saved');
  });

  it('n’envoie qu’une requête à la fois par champ et seulement la valeur la plus récente', async () => {
    const a = store.updateField(ORGANISME, 'valeurs_projet_associatif', 'Sol');
    await flush();
    const b = store.updateField(ORGANISME, 'valeurs_projet_associatif', 'Solid');
    const c = store.updateField(ORGANISME, 'valeurs_projet_associatif', 'Solidarité');
    await flush();
    expect(pending).toHaveLength(1);
    expect(store.isPending(ORGANISME, 'valeurs_projet_associatif')).toBe(true);

    pending[0].resolve(makeView());
    await expect(a).resolves.toBe('saved');
    await expect(b).resolves.toBe('superseded');
    await flush();
    expect(pending).toHaveLength(2);
    expect(pending[1].update.value).toBe('Solidarité');
    // Toujours « Enregistrement… » : une requête reste en cours.
    expect(store.saveState).toBe('saving');
    pending[1].resolve(makeView());
    await expect(c).resolves.toBe('saved');
    expect(maxPerField).toBe(1);
    expect(store.isPending(ORGANISME, 'valeurs_projet_associatif')).toBe(false);
    expect(store.saveState).toBe('saved');
  });

  it('des champs différents partent sans s’attendre', async () => {
    void store.updateField(CPOM, 'date_effet', '2027-01-01');
    void store.updateField(CPOM, 'duree_annees', '5');
    await flush();
    expect(pending.map((p) => p.update.field)).toEqual(['date_effet', 'duree_annees']);
  });

  it('oublie les refus d’un ESMS supprimé', async () => {
    const p = store.updateField(esmsTarget(ESMS_ID), 'nom', 'x');
    await flush();
    pending[0].reject({ code: 'c', message: 'm', details: {} });
    await p;
    expect(Object.keys(store.rejected)).toEqual([`esms.${ESMS_ID}.nom`]);
    store.selectedEsms = ESMS_ID;
    store.setView(makeView({ dossier: { ...makeView().dossier, esms: [] } }));
    expect(store.rejected).toEqual({});
    expect(store.selectedEsms).toBeNull();
  });
});

describe('ESMS', () => {
  it('l’ajout affiche l’onglet du périmètre et sélectionne le nouvel ESMS', async () => {
    const next = makeView();
    next.dossier.esms.push(makeEsms('nouvel-id', ''));
    mockIPC((cmd) => {
      if (cmd === 'record_add') return { id: 'nouvel-id', view: next };
      return new Promise(() => {});
    });
    await expect(store.addEsms()).resolves.toBe('nouvel-id');
    expect(store.tab).toBe('esms');
    expect(store.selectedEsms).toBe('nouvel-id');
    expect(store.view?.dossier.esms).toHaveLength(2);
  });

  it('un échec de suppression est annoncé en français et le dossier reste affiché', async () => {
    mockIPC(() => {
      throw { code: 'stockage', message: 'Disque plein', details: {} };
    });
    await expect(store.deleteEsms(ESMS_ID)).resolves.toBe(false);
    expect(store.alert).toEqual({
      kind: 'error',
      text: 'L’ESMS n’a pas pu être supprimé : Disque plein',
      technique: null,
    });
    expect(store.saveState).toBe('error');
    expect(store.view?.dossier.esms).toHaveLength(1);
  });
});

describe('ouverture', () => {
  it('un dossier tenu par un autre écrivain : le message français, les détails techniques à part', async () => {
    const refus = {
      code: 'dossier.en_cours_de_modification',
      message: 'Le dossier « a.cpom » est en cours de modification par Marie ; réessayez quand il sera fermé.',
      details: { technique: 'database is locked' },
    };
    await expect(
      store.openWith(() => {
        throw refus;
      }),
    ).resolves.toBe(false);
    expect(store.alert).toEqual({ kind: 'error', text: refus.message, technique: 'database is locked' });
  });

  it('la reprise après un arrêt brutal est dite une fois, à l’ouverture', async () => {
    const avis = 'Le dossier n’avait pas été fermé normalement : les modifications enregistrées ont été reprises.';
    await expect(store.openWith(async () => makeView({ avis }))).resolves.toBe(true);
    expect(store.alert).toEqual({ kind: 'info', text: avis });
  });
});

describe('navigation depuis le rapport', () => {
  it('ouvre l’onglet et la fiche qui portent le champ', async () => {
    store.nav = 'objectifs';
    await store.goTo(`esms.${ESMS_ID}.capacites.internat.installee`);
    expect(store.nav).toBe('perimetre');
    expect(store.tab).toBe('esms');
    expect(store.selectedEsms).toBe(ESMS_ID);
    await store.goTo('cpom.date_effet');
    expect(store.tab).toBe('cpom');
    await store.goTo(`adhesions.${ESMS_ID}.nom`);
    expect(store.tab).toBe('organisme');
  });

  it('donne le focus au champ, ou à défaut à son conteneur', async () => {
    document.body.innerHTML = `
      <div data-path="esms.${ESMS_ID}.capacites"><input data-path="esms.${ESMS_ID}.nom"></div>
      <div data-path="esms" id="table"></div>`;
    await expect(store.goTo(`esms.${ESMS_ID}.nom`)).resolves.toBe(true);
    expect(document.activeElement?.getAttribute('data-path')).toBe(`esms.${ESMS_ID}.nom`);
    await store.goTo(`esms.${ESMS_ID}.capacites.internat.installee`);
    expect(document.activeElement?.getAttribute('data-path')).toBe(`esms.${ESMS_ID}.capacites`);
    expect(document.activeElement?.classList.contains('flash')).toBe(true);
    await store.goTo('esms');
    expect(document.activeElement?.id).toBe('table');
    await expect(store.goTo('organisme.siren')).resolves.toBe(false);
  });
});

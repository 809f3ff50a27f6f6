// @vitest-environment jsdom
// Le module api appelle la bonne commande avec les bons arguments et convertit les refus.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { ApiError, IPC_ERROR, OUTSIDE_APP, toApiError } from '../src/api';
import type { FieldUpdate } from '../src/bindings/FieldUpdate';
import { ESMS_ID, makeView } from './fixtures';

type Call = { cmd: string; args: unknown };

/** Installe un faux back end qui note les appels et répond par `reply`. */
function backend(reply: (cmd: string, args: Record<string, unknown>) => unknown): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    return reply(cmd, (args ?? {}) as Record<string, unknown>);
  });
  return calls;
}

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
});

describe('commandes', () => {
  it('chaque fonction appelle sa commande avec ses arguments', async () => {
    const view = makeView();
    const calls = backend((cmd) => {
      if (cmd === 'record_add') return { id: 'nouveau', view };
      if (cmd === 'dossier_save_copy') return '/tmp/copie.cpom';
      if (cmd === 'recents_list') return [];
      if (cmd === 'app_info') return { version: '0.1.0', author: 'Marie' };
      if (cmd === 'dossier_close') return null;
      return view;
    });

    await api.appInfo();
    await api.recentsList();
    await api.dossierNew();
    await api.dossierOpen();
    await api.dossierOpenPath('/home/marie/a.cpom');
    await api.dossierOpenExample();
    await api.dossierSaveCopy();
    await api.dossierClose();
    await api.dossierGet();
    await api.recordAdd('esms');
    await api.recordDelete('esms', ESMS_ID);
    await api.recordMove('esms', ESMS_ID, 2);
    await api.recordAdd('adhesion', null, { kind: 'gcsms' });
    await api.recordDelete('adhesion', 'a1');

    expect(calls.map((c) => c.cmd)).toEqual([
      'app_info',
      'recents_list',
      'dossier_new',
      'dossier_open',
      'dossier_open_path',
      'dossier_open_example',
      'dossier_save_copy',
      'dossier_close',
      'dossier_get',
      'record_add',
      'record_delete',
      'record_move',
      'record_add',
      'record_delete',
    ]);
    const args = calls.map((c) => c.args);
    expect(args[4]).toEqual({ path: '/home/marie/a.cpom' });
    expect(args[9]).toEqual({ kind: 'esms', parent: null, init: null });
    expect(args[10]).toEqual({ kind: 'esms', id: ESMS_ID });
    // Tauri convertit les arguments Rust snake_case en camelCase côté JS.
    expect(args[11]).toEqual({ kind: 'esms', id: ESMS_ID, toIndex: 2 });
    expect(args[12]).toEqual({ kind: 'adhesion', parent: null, init: { kind: 'gcsms' } });
    expect(args[13]).toEqual({ kind: 'adhesion', id: 'a1' });
  });

  it('record_update envoie la modification sous la clé « update » et renvoie le dossier', async () => {
    const view = makeView();
    const calls = backend(() => view);
    const update: FieldUpdate = { kind: 'esms', id: ESMS_ID, field: 'etp.medical', value: '0,6' };
    const result = await api.recordUpdate(update);
    expect(calls).toEqual([{ cmd: 'record_update', args: { update } }]);
    expect(result.name).toBe('CPOM Les Iris');
  });

  it('renvoie la valeur du back end telle quelle (null = annulé)', async () => {
    backend(() => null);
    await expect(api.dossierNew()).resolves.toBeNull();
    await expect(api.dossierSaveCopy()).resolves.toBeNull();
  });
});

describe('erreurs', () => {
  it('un refus du back end devient une ApiError typée, avec la correction proposée', async () => {
    const refusal = {
      code: 'finess.zero_perdu',
      message: 'Ce FINESS semble avoir perdu son zéro initial.',
      details: { field: `esms.${ESMS_ID}.finess_et`, suggestion: '044001234', file: null, location: null, technique: null },
    };
    backend(() => {
      throw refusal;
    });
    const err = await api
      .recordUpdate({ kind: 'esms', id: ESMS_ID, field: 'finess_et', value: '44001234' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    expect((err as ApiError).toJSON()).toEqual(refusal);
    expect((err as ApiError).message).toBe(refusal.message);
  });

  it('complète des détails partiels par des null', () => {
    const err = toApiError({ code: 'stockage', message: 'Disque plein', details: { file: '/a.cpom' } });
    expect(err.details).toEqual({ field: null, suggestion: null, file: '/a.cpom', location: null, technique: null });
    expect(toApiError({ code: 'x', message: 'y' }).details.field).toBeNull();
  });

  it('un refus qui n’a pas la forme attendue devient une erreur de communication en français', async () => {
    backend(() => {
      throw 'command dossier_get not found';
    });
    const err = (await api.dossierGet().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(IPC_ERROR);
    expect(err.message).toBe('Erreur de communication avec l’application : command dossier_get not found');
    expect(toApiError(new TypeError('boom')).message).toContain('boom');
  });

  it('hors de l’application (navigateur simple), échoue proprement sans appeler Tauri', async () => {
    const err = (await api.recentsList().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(OUTSIDE_APP);
    expect(err.message).toMatch(/n’est pas lancée dans l’application Atelier CPOM/);
  });
});

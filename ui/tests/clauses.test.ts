// @vitest-environment jsdom
// Clauses libres du contrat : les fonctions du module api appellent les bonnes commandes.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { ApiError } from '../src/api';
import type { ClauseEntry } from '../src/bindings/ClauseEntry';

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
});

const DEFAULT: ClauseEntry = {
  model_id: 'arrete-2017',
  clause_id: 'preambule',
  section: 'Préambule',
  default_text: 'Texte du modèle.',
  text: null,
  updated_by: null,
  updated_at: null,
};

describe('clauses du contrat', () => {
  it('liste, enregistre puis rétablit une clause', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    const modified: ClauseEntry = {
      ...DEFAULT,
      text: 'Notre préambule.',
      updated_by: 'Marie',
      updated_at: '2026-03-21T10:32:00.000Z',
    };
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'clauses_list') return [DEFAULT];
      if (cmd === 'clause_set') return [modified];
      if (cmd === 'clause_reset') return [DEFAULT];
      throw new Error(`commande inattendue ${cmd}`);
    });
    expect(await api.clausesList('arrete-2017')).toEqual([DEFAULT]);
    expect(await api.clauseSet('arrete-2017', 'preambule', 'Notre préambule.')).toEqual([modified]);
    expect(await api.clauseReset('arrete-2017', 'preambule')).toEqual([DEFAULT]);
    expect(calls.map((c) => c.cmd)).toEqual(['clauses_list', 'clause_set', 'clause_reset']);
    expect(calls[0].args).toEqual({ model: 'arrete-2017' });
    expect(calls[1].args).toEqual({ model: 'arrete-2017', clause: 'preambule', text: 'Notre préambule.' });
    expect(calls[2].args).toEqual({ model: 'arrete-2017', clause: 'preambule' });
  });

  it('une clause inconnue est refusée en français', async () => {
    mockIPC(() => {
      throw {
        code: 'clause.invalide',
        message: 'Le modèle « arrete-2017 » n’a pas de clause libre « absente ».',
        details: { field: 'clauses.arrete-2017.absente', suggestion: null, file: null, location: null, technique: null },
      };
    });
    const e = await api.clauseSet('arrete-2017', 'absente', 'x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('clause.invalide');
    expect((e as ApiError).details.field).toBe('clauses.arrete-2017.absente');
  });
});

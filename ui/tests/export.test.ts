// @vitest-environment jsdom
// Export du contrat PDF : les fonctions du module api appellent les bonnes commandes.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { ApiError } from '../src/api';
import type { ContractExport } from '../src/bindings/ContractExport';

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
});

const EXPORT: ContractExport = {
  path: '/home/marie/Contrat CPOM.pdf',
  model_id: 'pdl-socle',
  pages: 14,
  draft: true,
  gaps: ['Les objectifs et leurs fiches n’ont pas encore été saisis.'],
  bytes: 81234,
};

describe('contrat PDF', () => {
  it('liste les modèles, exporte puis ouvre le fichier', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'contract_models') {
        return [{ id: 'arrete-2017', label: 'Modèle national', version: '1.0', description: '' }];
      }
      if (cmd === 'contract_export') return EXPORT;
      if (cmd === 'open_path') return null;
      throw new Error(`commande inattendue ${cmd}`);
    });
    const models = await api.contractModels();
    expect(models[0].id).toBe('arrete-2017');
    expect(await api.contractExport('pdl-socle')).toEqual(EXPORT);
    expect(await api.openPath(EXPORT.path)).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(['contract_models', 'contract_export', 'open_path']);
    expect(calls[1].args).toEqual({ model: 'pdl-socle' });
    expect(calls[2].args).toEqual({ path: EXPORT.path });
  });

  it('annulation de la boîte d’enregistrement : null', async () => {
    mockIPC(() => null);
    expect(await api.contractExport('paca-ph')).toBeNull();
  });

  it('un refus du back end devient une ApiError en français', async () => {
    mockIPC(() => {
      throw {
        code: 'contrat.modele_inconnu',
        message: 'Modèle de contrat inconnu : « x ».',
        details: { field: null, suggestion: null, file: null, location: null, technique: null },
      };
    });
    const e = await api.contractExport('x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('contrat.modele_inconnu');
    expect((e as ApiError).message).toContain('Modèle de contrat inconnu');
  });
});

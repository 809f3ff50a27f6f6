// @vitest-environment jsdom
// Classeur régional : les fonctions du module api appellent les bonnes commandes, et l'aperçu
// d'import arrive tel que le back end l'envoie.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { ApiError } from '../src/api';
import type { ImportPreview } from '../src/bindings/ImportPreview';

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
});

const PREVIEW: ImportPreview = {
  fichier: '/home/marie/diagnostic.xlsx',
  origine: 'Fichier « Diagnostic » (version 1)',
  changements: [
    {
      portee: 'IME Les Hirondelles',
      libelle: 'IME Les Hirondelles — dont internat / hébergement',
      emplacement: 'feuille « Annexe 1 », cellule H11',
      ancien: '24',
      nouveau: '61',
    },
  ],
  non_repris: [],
  plus_recentes: [],
  avertissements: [],
  empreinte: 'abc123',
};

describe('classeur régional', () => {
  it('exporte, prévisualise puis applique un import', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'workbook_templates') return [{ id: 'pdl-diagnostic', version: 1, titre: 'Diagnostic' }];
      if (cmd === 'workbook_export')
        return { path: '/t/c.xlsx', template_id: 'pdl-diagnostic', template_version: 1, sheets: 14, inputs: 1101, bytes: 40000 };
      if (cmd === 'workbook_import_preview') return PREVIEW;
      if (cmd === 'workbook_import_apply') return { name: 'exemple' };
      throw new Error(`commande inattendue ${cmd}`);
    });
    expect((await api.workbookTemplates())[0].id).toBe('pdl-diagnostic');
    expect((await api.workbookExport('pdl-diagnostic'))?.sheets).toBe(14);
    const p = await api.workbookImportPreview('classeur', null);
    expect(p?.changements[0].nouveau).toBe('61');
    await api.workbookImportApply('tdb', PREVIEW.fichier, PREVIEW.empreinte, 2022);
    expect(calls.map((c) => c.cmd)).toEqual([
      'workbook_templates',
      'workbook_export',
      'workbook_import_preview',
      'workbook_import_apply',
    ]);
    expect(calls[1].args).toEqual({ template: 'pdl-diagnostic' });
    expect(calls[2].args).toEqual({ source: 'classeur', annee: null });
    expect(calls[3].args).toEqual({
      source: 'tdb',
      path: PREVIEW.fichier,
      empreinte: 'abc123',
      annee: 2022,
      remplacerPlusRecentes: false,
    });
  });

  it('un fichier refusé devient une ApiError qui nomme la cellule', async () => {
    mockIPC(() => {
      throw {
        code: 'import.valeur',
        message: '« c.xlsx », feuille « Annexe 1 », cellule H11 : attendu : un nombre entier.',
        details: { field: null, suggestion: null, file: 'c.xlsx', location: 'feuille « Annexe 1 », cellule H11', technique: null },
      };
    });
    const e = await api.workbookImportPreview('classeur', null).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).details.location).toContain('cellule H11');
  });
});

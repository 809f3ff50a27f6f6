// @vitest-environment jsdom
// Les commandes des étapes (issue 3) : noms, arguments, refus de validation.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';

import * as api from '../src/api';
import { ApiError } from '../src/api';
import { makeView } from './fixtures';

type Call = { cmd: string; args: unknown };

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

describe('commandes des étapes', () => {
  it('chaque fonction appelle sa commande avec ses arguments', async () => {
    const view = makeView();
    const calls = backend((cmd) => {
      if (cmd === 'record_add') return { id: 'r1', view };
      if (cmd === 'catalogues') return { diagnostic: { axes: [] } };
      return view;
    });

    const created = await api.recordAdd('reponse', 'esms-1', { question: 'q1', valeur: 'oui' });
    expect(created.id).toBe('r1');
    await api.recordAdd('acteur');
    await api.recordDelete('acteur', 'a1');
    await api.recordMove('jalon', 'j1', 3);
    await api.stepValidate('lancement');
    await api.stepValidate('diagnostic', 'Vu en comité');
    await api.stepReopen('lancement');
    await api.issueAcknowledge('L-DUREE-DIAGNOSTIC', 'lancement.jalons', 'Accepté par l’ARS');
    await api.issueUnacknowledge('L-DUREE-DIAGNOSTIC', 'lancement.jalons');
    await api.catalogues();

    expect(calls).toEqual([
      { cmd: 'record_add', args: { kind: 'reponse', parent: 'esms-1', init: { question: 'q1', valeur: 'oui' } } },
      { cmd: 'record_add', args: { kind: 'acteur', parent: null, init: null } },
      { cmd: 'record_delete', args: { kind: 'acteur', id: 'a1' } },
      { cmd: 'record_move', args: { kind: 'jalon', id: 'j1', toIndex: 3 } },
      { cmd: 'step_validate', args: { step: 'lancement', comment: null } },
      { cmd: 'step_validate', args: { step: 'diagnostic', comment: 'Vu en comité' } },
      { cmd: 'step_reopen', args: { step: 'lancement' } },
      {
        cmd: 'issue_acknowledge',
        args: { rule: 'L-DUREE-DIAGNOSTIC', path: 'lancement.jalons', comment: 'Accepté par l’ARS' },
      },
      { cmd: 'issue_unacknowledge', args: { rule: 'L-DUREE-DIAGNOSTIC', path: 'lancement.jalons' } },
      { cmd: 'catalogues', args: {} },
    ]);
  });

  it('le refus de validation garde son code et le champ fautif', async () => {
    const refusal = {
      code: 'etape.erreurs_bloquantes',
      message: 'L’étape « Lancement » a 1 erreur bloquante.',
      details: { field: 'lancement.jalons.j1.date_reelle', suggestion: null, file: null, location: null, technique: null },
    };
    backend(() => {
      throw refusal;
    });
    const err = (await api.stepValidate('lancement').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('etape.erreurs_bloquantes');
    expect(err.details.field).toBe('lancement.jalons.j1.date_reelle');
  });
});

// @vitest-environment jsdom
// Les champs partagés dans un vrai DOM : enregistrement, saisie refusée gardée telle que
// tapée avec son message, correction proposée, points du rapport sous le champ.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DossierView } from '../src/bindings/DossierView';
import type { FieldUpdate } from '../src/bindings/FieldUpdate';
import { store } from '../src/lib/store.svelte';
import { ESMS_ID, makeView } from './fixtures';
import EsmsIdentity from './harness/EsmsIdentity.svelte';

let sent: FieldUpdate[];
let reply: (u: FieldUpdate) => DossierView;
let app: ReturnType<typeof mount>;

const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
};

function input(sel: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`#esms-form ${sel}`);
  if (!el) throw new Error(`introuvable : ${sel}`);
  return el;
}

function typeInto(el: HTMLInputElement | HTMLTextAreaElement, text: string) {
  el.dispatchEvent(new FocusEvent('focus'));
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

function leave(el: HTMLElement) {
  el.dispatchEvent(new Event('change', { bubbles: true }));
  el.dispatchEvent(new FocusEvent('blur'));
}

/** Le dossier renvoyé après une modification acceptée (valeur appliquée à l'ESMS). */
function applied(u: FieldUpdate): DossierView {
  const v = structuredClone(store.view!);
  const e = v.dossier.esms[0] as unknown as Record<string, unknown>;
  e[u.field] = u.value;
  return v;
}

beforeEach(() => {
  sent = [];
  reply = applied;
  mockIPC((cmd, args) => {
    if (cmd === 'catalogues') return new Promise(() => {});
    const u = (args as { update: FieldUpdate }).update;
    sent.push(u);
    return { type: 'view', data: reply(u) };
  });
  store.enter(makeView());
  app = mount(EsmsIdentity, { target: document.body });
  flushSync();
});

afterEach(() => {
  unmount(app);
  clearMocks();
});

describe('champ texte', () => {
  it('porte data-field, data-path et un libellé relié', () => {
    const el = input('[data-field="finess_et"]');
    expect(el.dataset.path).toBe(`esms.${ESMS_ID}.finess_et`);
    expect(document.querySelector(`label[for="${el.id}"]`)?.textContent).toBe('FINESS géographique (ET)');
    expect(el.value).toBe('440012342');
  });

  it('enregistre à la sortie du champ, une seule fois, et affiche la valeur retenue', async () => {
    const el = input('[data-field="nom"]');
    typeInto(el, '  IME Les Hirondelles (Nantes)  ');
    leave(el);
    reply = (u) => applied({ ...u, value: String(u.value).trim() });
    await settle();
    expect(sent).toEqual([
      { kind: 'esms', id: ESMS_ID, field: 'nom', value: '  IME Les Hirondelles (Nantes)  ' },
    ]);
    expect(el.value).toBe('IME Les Hirondelles (Nantes)');
    expect(store.saveState).toBe('saved');
  });

  it('n’envoie rien si la valeur n’a pas changé', async () => {
    const el = input('[data-field="nom"]');
    typeInto(el, 'IME Les Hirondelles');
    leave(el);
    await settle();
    expect(sent).toEqual([]);
  });

  it('garde la saisie refusée, affiche le message et propose la correction', async () => {
    reply = () => {
      throw {
        code: 'finess.zero_perdu',
        message: 'Ce FINESS a perdu son zéro initial.',
        details: { field: `esms.${ESMS_ID}.finess_et`, suggestion: '044001234', file: null, location: null, technique: null },
      };
    };
    const el = input('[data-field="finess_et"]');
    typeInto(el, '44001234');
    leave(el);
    await settle();

    expect(el.value).toBe('44001234');
    expect(el.getAttribute('aria-invalid')).toBe('true');
    const error = document.querySelector('.field-error[data-error-for="finess_et"]')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Ce FINESS a perdu son zéro initial.');
    expect(store.saveState).toBe('error');

    // Une réponse qui remplace le dossier (autre champ) n'efface pas la saisie refusée.
    reply = applied;
    const nom = input('[data-field="nom"]');
    typeInto(nom, 'IME Les Hirondelles bis');
    leave(nom);
    await settle();
    expect(el.value).toBe('44001234');

    const fix = error.querySelector('button')!;
    expect(fix.textContent?.trim()).toBe('Corriger en 044001234');
    fix.click();
    await settle();
    expect(sent.at(-1)).toEqual({ kind: 'esms', id: ESMS_ID, field: 'finess_et', value: '044001234' });
    expect(el.value).toBe('044001234');
    expect(document.querySelector('.field-error[data-error-for="finess_et"]')).toBeNull();
    expect(el.getAttribute('aria-invalid')).toBe('false');
  });

  it('ne remplace pas ce que l’utilisateur tape quand une autre réponse arrive', async () => {
    const nom = input('[data-field="nom"]');
    typeInto(nom, 'IME en cours de fr');
    // Une autre modification revient pendant la frappe.
    store.setView(applied({ kind: 'esms', id: ESMS_ID, field: 'nom', value: 'Autre nom' }));
    flushSync();
    expect(nom.value).toBe('IME en cours de fr');
  });
});

describe('points du rapport', () => {
  it('s’affichent sous le champ concerné, colorés selon la gravité', async () => {
    const v = makeView();
    v.report = {
      issues: [
        {
          severity: 'avertissement',
          rule: 'ESMS-NOM',
          path: `esms.${ESMS_ID}.nom`,
          message: 'Deux ESMS portent le nom « IME Les Hirondelles ».',
          source: 'Arrêté du 3 mars 2017',
          a_completer: false,
        },
      ],
      errors: 0,
      warnings: 1,
      infos: 0,
    };
    store.setView(v);
    flushSync();
    const issue = document.querySelector('.field-issue[data-issue-for="nom"]')!;
    expect(issue.classList.contains('sev-avertissement')).toBe(true);
    expect(issue.textContent).toContain('Deux ESMS portent le nom');
    expect(document.querySelector('.field-issue[data-issue-for="finess_et"]')).toBeNull();
    // Un point du rapport n'est pas une saisie refusée.
    expect(document.querySelector('.field-error')).toBeNull();
  });
});

describe('autres contrôles', () => {
  it('liste et case à cocher enregistrent au choix, avec la bonne valeur', async () => {
    const select = input('[data-field="secteur"]') as unknown as HTMLSelectElement;
    expect(select.value).toBe('enfance');
    select.value = 'adultes';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    const box = input('[data-field="dans_perimetre"]');
    box.click();
    await settle();
    expect(sent.map((u) => [u.field, u.value])).toEqual([
      ['secteur', 'adultes'],
      ['dans_perimetre', false],
    ]);
    expect(box.checked).toBe(false);
  });

  it('le texte long part après une pause de frappe, sans attendre la sortie du champ', async () => {
    const area = document.querySelector<HTMLTextAreaElement>('#esms-form textarea[data-field="public_specifique"]')!;
    typeInto(area, 'Adultes avec');
    typeInto(area, 'Adultes avec handicap psychique');
    await new Promise((r) => setTimeout(r, 120));
    await settle();
    expect(sent).toEqual([
      { kind: 'esms', id: ESMS_ID, field: 'public_specifique', value: 'Adultes avec handicap psychique' },
    ]);
    expect(area.value).toBe('Adultes avec handicap psychique');
  });
});

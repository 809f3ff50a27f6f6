// @vitest-environment jsdom
// La vue mise à jour par les deltas est celle que le back end aurait renvoyée en entier : le
// jeu d'essai (`fixtures/delta-exemple.json`, écrit par le test Rust
// `the_ui_fixture_is_a_true_delta_sequence`) part d'une vue du dossier exemple, applique les
// deltas de six modifications et se compare à la vue recalculée à la fin.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { DossierView } from '../src/bindings/DossierView';
import type { ViewDelta } from '../src/bindings/ViewDelta';
import { applyDelta } from '../src/lib/delta';
import { AppStore } from '../src/lib/store.svelte';

interface Fixture {
  before: DossierView;
  deltas: ViewDelta[];
  after: DossierView;
}

const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'delta-exemple.json'), 'utf8'),
) as Fixture;

/** Traces triées par identifiant (leur ordre n'a pas de sens), sans le numéro de version. */
function normalized(v: DossierView): unknown {
  const stamps = [...v.stamps].sort((a, b) => a.id.localeCompare(b.id));
  return { ...v, stamps, version: null };
}

describe('deltas de la vue', () => {
  it('appliqués dans l’ordre, donnent la vue recalculée en entier', () => {
    let view = fixture.before;
    for (const d of fixture.deltas) view = applyDelta(view, d);
    expect(normalized(view)).toEqual(normalized(fixture.after));
    expect(view.version).toBe(fixture.deltas[fixture.deltas.length - 1].version);
  });

  it('ne modifient pas la vue d’origine et partagent ce qui n’a pas changé', () => {
    const before = structuredClone(fixture.before);
    const next = applyDelta(fixture.before, fixture.deltas[0]);
    expect(fixture.before).toEqual(before);
    expect(next.dossier.adhesions).toBe(fixture.before.dossier.adhesions);
    expect(next.planning).toBe(fixture.before.planning);
    expect(next.dossier.esms).not.toBe(fixture.before.dossier.esms);
  });

  it('un delta de saisie est petit devant la vue entière', () => {
    const delta = JSON.stringify(fixture.deltas[0]).length;
    expect(delta).toBeLessThan(JSON.stringify(fixture.before).length / 10);
    expect(fixture.deltas[0].records).toHaveLength(1);
  });
});

describe('magasin', () => {
  it('applique les deltas dans l’ordre même s’ils arrivent dans le désordre', async () => {
    const store = new AppStore();
    store.setView(fixture.before);
    const [first, second, ...rest] = fixture.deltas;
    await store.applyUpdate({ type: 'delta', data: second });
    expect(store.view?.version).toBe(fixture.before.version);
    await store.applyUpdate({ type: 'delta', data: first });
    expect(store.view?.version).toBe(second.version);
    for (const d of rest) await store.applyUpdate({ type: 'delta', data: d });
    expect(normalized(store.view!)).toEqual(normalized(fixture.after));
  });

  it('ignore un delta déjà appliqué', async () => {
    const store = new AppStore();
    store.setView(fixture.before);
    await store.applyUpdate({ type: 'delta', data: fixture.deltas[0] });
    const v = store.view;
    await store.applyUpdate({ type: 'delta', data: fixture.deltas[0] });
    expect(store.view).toBe(v);
  });
});

// Applique à la vue affichée ce que le back end renvoie après une modification (`ViewDelta`,
// `crates/cpom-services/src/view.rs`) : les enregistrements écrits ou supprimés, l'ordre des
// listes, les traces, puis les modifications des parties calculées. Rien n'est modifié sur
// place : chaque objet traversé est copié, le reste est partagé (Svelte ne redessine que ce
// qui a changé). Le résultat est identique à la vue qu'un recalcul complet aurait renvoyée
// (même algorithme que `apply_delta` côté Rust ; test `tests/delta.test.ts`).

import type { DossierView } from '../bindings/DossierView';
import type { PathSeg } from '../bindings/PathSeg';
import type { ViewDelta } from '../bindings/ViewDelta';
import { RECORD_TABLE } from '../bindings/recordTable';

type Json = unknown;
type Obj = Record<string, Json>;

function shallow(v: Json): Json {
  if (Array.isArray(v)) return [...v];
  if (v !== null && typeof v === 'object') return { ...(v as Obj) };
  return v;
}

/** Copie `root` le long de `path` et remplace la valeur au bout par `f(ancienne)`. */
function updateIn(root: Json, path: readonly PathSeg[], f: (old: Json) => Json): Json {
  if (path.length === 0) return f(root);
  const [head, ...rest] = path;
  const copy = shallow(root) as Obj & Json[];
  const key = head as keyof typeof copy;
  (copy as Record<string | number, Json>)[head] = updateIn(copy[key], rest, f);
  return copy;
}

function splitPath(p: string): string[] {
  return p.split('.');
}

/** Applique un delta ; renvoie une nouvelle vue (la vue d'origine n'est pas modifiée). */
export function applyDelta(view: DossierView, delta: ViewDelta): DossierView {
  let v = view as unknown as Obj;
  for (const c of delta.records) {
    const info = RECORD_TABLE[c.kind];
    const path = ['dossier', ...splitPath(info.path)];
    if (info.singleton) {
      if (c.value !== null && c.value !== undefined) v = updateIn(v, path, () => c.value) as Obj;
      continue;
    }
    v = updateIn(v, path, (old) => {
      const list = [...((old as Obj[]) ?? [])];
      const at = list.findIndex((x) => x.id === c.id);
      if (c.value === null || c.value === undefined) {
        if (at >= 0) list.splice(at, 1);
      } else if (at >= 0) {
        list[at] = c.value as Obj;
      } else {
        list.push(c.value as Obj);
      }
      return list;
    }) as Obj;
  }
  for (const o of delta.order) {
    const info = RECORD_TABLE[o.kind];
    const rank = new Map(o.ids.map((id, i) => [id, i]));
    v = updateIn(v, ['dossier', ...splitPath(info.path)], (old) =>
      [...((old as Obj[]) ?? [])].sort(
        (a, b) =>
          (rank.get(a.id as string) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id as string) ?? Number.MAX_SAFE_INTEGER),
      ),
    ) as Obj;
  }
  if (delta.stamps.length > 0 || delta.stamps_removed.length > 0) {
    const removed = new Set(delta.stamps_removed);
    const stamps = (v.stamps as Obj[]).filter((s) => !removed.has(s.id as string));
    const index = new Map(stamps.map((s, i) => [s.id as string, i]));
    for (const s of delta.stamps) {
      const at = index.get(s.id);
      if (at === undefined) {
        index.set(s.id, stamps.length);
        stamps.push(s as unknown as Obj);
      } else {
        stamps[at] = s as unknown as Obj;
      }
    }
    v = { ...v, stamps };
  }
  for (const p of delta.patch) {
    const parents = p.path.slice(0, -1);
    const last = p.path[p.path.length - 1];
    if (last === undefined) continue;
    v = updateIn(v, parents, (parent) => {
      const copy = shallow(parent) as Record<string | number, Json>;
      if (p.op === 'set') {
        copy[last] = p.value;
      } else if (p.op === 'remove') {
        delete copy[last];
      } else {
        const list = [...((copy[last] as Json[]) ?? [])];
        list.splice(p.start, p.delete, ...p.insert);
        copy[last] = list;
      }
      return copy;
    }) as Obj;
  }
  v = { ...v, version: delta.version, saved_at: delta.saved_at, historique: delta.historique };
  if (delta.kit) v = { ...v, kit: delta.kit };
  return v as unknown as DossierView;
}

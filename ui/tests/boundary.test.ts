/// <reference types="node" />
// Seul `src/api/` parle à Tauri : tout autre fichier passe par ce module.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|svelte|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

const TAURI_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]@tauri-apps\//;

describe('frontière Tauri', () => {
  const files = sources(SRC).map((f) => relative(SRC, f).split(sep).join('/'));

  it('trouve les sources à vérifier', () => {
    expect(files).toContain('api/index.ts');
    expect(files).toContain('App.svelte');
    expect(files.length).toBeGreaterThan(20);
  });

  it('le motif reconnaît toutes les formes d’import', () => {
    for (const line of [
      "import { invoke } from '@tauri-apps/api/core';",
      'import "@tauri-apps/api";',
      "const m = await import('@tauri-apps/api/mocks');",
      "export { invoke } from '@tauri-apps/api/core';",
    ]) {
      expect(TAURI_IMPORT.test(line), line).toBe(true);
    }
    expect(TAURI_IMPORT.test("import * as api from '../api';")).toBe(false);
  });

  it('aucun fichier hors de src/api n’importe @tauri-apps', () => {
    const offenders = files.filter(
      (f) => !f.startsWith('api/') && TAURI_IMPORT.test(readFileSync(join(SRC, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('src/api importe bien @tauri-apps (le test vérifie quelque chose)', () => {
    expect(TAURI_IMPORT.test(readFileSync(join(SRC, 'api/index.ts'), 'utf8'))).toBe(true);
  });
});

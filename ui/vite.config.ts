/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri embarque `../ui/dist` : chemins relatifs, aucun script en ligne (CSP stricte).
export default defineConfig({
  base: './',
  plugins: [svelte()],
  // Les tests montent des composants dans jsdom : version navigateur de Svelte.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Pas de module preload polyfill : il serait injecté en script en ligne.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});

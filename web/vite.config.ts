/**
 * The web page's build: `vite build --config web/vite.config.ts` writes dist/web (index.html and hashed assets
 * under assets/), which `concord serve` serves at `/`. `vite --config web/vite.config.ts` serves the page for
 * development and passes `/api` on to a `concord serve` running on its default port.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Relative to this file, not the working directory, so the build runs from anywhere.
const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Relative asset URLs: the page works wherever it is mounted.
  base: './',
  build: { outDir: here('../dist/web'), emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});

/**
 * The web app's build (`npm run build:web`, part of `npm run build`) into
 * dist/web, and `npm run dev:web`: hot reload against a hub running on
 * HUB_URL (default http://127.0.0.1:4000), GraphQL (HTTP and WebSocket),
 * the dev sign-in endpoints, documents and exports proxied to it.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const hub = process.env.HUB_URL ?? 'http://127.0.0.1:4000';

/** Prints the JavaScript the first screen loads (the entry and its static imports), gzipped. */
function firstScreenReport(): Plugin {
  return {
    name: 'cnz-first-screen-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!entry) return;
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        if (seen.has(fileName)) return;
        seen.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        chunk?.imports.forEach(visit);
      };
      visit(entry.fileName);
      const bytes = [...seen].reduce((sum, fileName) => {
        const chunk = chunks.find((c) => c.fileName === fileName);
        return sum + (chunk ? gzipSync(chunk.code).length : 0);
      }, 0);
      // The build report (a Vite plugin prints to the terminal like Vite itself).
      // eslint-disable-next-line no-console
      console.log(
        `\nfirst-screen JavaScript: ${(bytes / 1024).toFixed(1)} kB gzipped (${seen.size} chunks; budget 250 kB); each screen loads its own chunk on top`,
      );
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), firstScreenReport()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    // No inline <script> or data: modules: the hub's Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/graphql': { target: hub, ws: true, changeOrigin: true },
      '/dev': { target: hub, changeOrigin: true },
      // Uploads (applications' documents) and exports (printable pages, PDFs).
      '/documents': { target: hub, changeOrigin: true },
      '/exports': { target: hub, changeOrigin: true },
    },
  },
});

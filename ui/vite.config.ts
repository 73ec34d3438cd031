import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Svelte's production runtime embeds documentation links ("https://svelte.dev/e/<code>") in
// its error messages. They are never fetched, but the built app must contain no external
// URLs at all, so the scheme is dropped from them (the message text stays readable).
function stripDocLinks(): Plugin {
  return {
    name: 'tryggplan-strip-doc-links',
    apply: 'build',
    renderChunk(code) {
      if (!code.includes('https://svelte.dev/')) return null;
      return { code: code.replaceAll('https://svelte.dev/', 'svelte.dev/'), map: null };
    },
  };
}

// Tauri serves the built files from ui/dist. Everything must be self-contained:
// no CDN, no web fonts, no inline scripts/styles (strict CSP, see tauri.conf.json).
export default defineConfig({
  plugins: [
    svelte({
      emitCss: true,
      compilerOptions: { css: 'external' },
    }),
    stripDocLinks(),
  ],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2021', 'safari15'],
    sourcemap: false,
    cssCodeSplit: false,
    // Never inline assets as data: URIs into CSS/JS; keep everything as files.
    assetsInlineLimit: 0,
    // The polyfill is unnecessary in the Tauri webviews and would add code we don't need.
    modulePreload: { polyfill: false },
  },
});

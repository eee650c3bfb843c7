import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The API runs on :3000 in development; the built app is served by the API
// itself (server/src/plugins/web.ts), so no proxy is needed in production.
const proxy = { '/api': 'http://127.0.0.1:3000' };

export default defineConfig({
  plugins: [svelte()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/check-budget.mjs reads it to find what the voter route loads.
    manifest: true,
    // Phones in WeChat on slow links: keep each area's chunk separate (the
    // router imports areas lazily), and inline nothing big into the entry.
    assetsInlineLimit: 2048,
    // The polyfill only serves browsers without <link rel=modulepreload> (iOS
    // Safari before 17), where a preload is a hint they may skip: its bytes
    // would be on every voter's phone for that hint.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The voter's page of a questionnaire (and its words, and the code
            // form) is shared with the console's editor, which previews drafts
            // with it. Left to itself the bundler gives each shared module a
            // chunk of its own, which costs a voter's phone requests and ~0.5 KB
            // gzipped (scripts/check-budget.mjs); grouped with what they import
            // (the API client and the i18n core every page loads first), the
            // voter fetches less than before the editor existed (36.34 → 36.12
            // KB; en 39.82 → 39.59 KB), and the other areas load those ~2.5 KB
            // with the first chunk instead of later.
            { name: 'voter-page', test: /\/src\/lib\/(voter\/(QuestionnaireForm\.svelte|i18n\/zh-CN\.ts)|components\/CodeForm\.svelte)/ },
          ],
        },
      },
    },
  },
});

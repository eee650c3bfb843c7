import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { voterFirst } from './scripts/voter-first.ts';
import { privateNames } from './scripts/private-names.ts';

// Modules of Svelte read and found to do nothing when loaded but define functions.
const SIDE_EFFECT_FREE = /node_modules\/svelte\/src\/internal\/client\/dom\/elements\/bindings\/select\.js$/;

// The API runs on :3000 in development; the built app is served by the API
// itself (server/src/plugins/web.ts), so no proxy is needed in production.
const proxy = { '/api': 'http://127.0.0.1:3000' };

export default defineConfig({
  plugins: [
    // discloseVersion: no code that announces Svelte's version on window.
    svelte({ compilerOptions: { discloseVersion: false } }),
    privateNames(import.meta.dirname),
    // A voting link's questionnaire asked for first, the voter's area with the entry script (scripts/voter-first.ts).
    voterFirst({ early: '/src/early.ts', areas: ['/src/routes/vote/index.ts'] }),
  ],
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
    // Older phones: iOS 15 Safari and WeChat's in-app browser on older
    // Android (Chromium 80 or later) run the voter's page. Every chunk is
    // ES2020 (scripts/old-engines.test.ts parses them and looks for newer
    // APIs). Class fields are assigned, not defined (no helper), and private
    // names become plain properties (scripts/private-names.ts), not WeakMaps.
    // Chrome is not listed: the bundler would lower optional chaining for any
    // Chrome before 91 (a V8 bug with ?. that our code does not meet).
    target: ['es2020', 'safari15'],
    rolldownOptions: {
      transform: { assumptions: { setPublicClassFields: true } },
      // Svelte's <select> binding has no effect when loaded (only functions),
      // but Svelte's package does not say so, so the bundler kept it in the
      // chunk every area shares, and on the voter's page, which has no
      // <select>. Declared free of side effects, it goes with the console.
      treeshake: { moduleSideEffects: (id: string) => !SIDE_EFFECT_FREE.test(id) },
      output: {
        codeSplitting: {
          groups: [
            // The voter's page of a questionnaire (and its words, and the code
            // form) is shared with the console's editor, which previews drafts
            // with it. Left to itself the bundler gives each shared module a
            // chunk of its own, which costs a voter's phone requests and ~0.5 KB
            // gzipped (scripts/check-budget.mjs); grouped with what they import
            // (Svelte, the i18n core every page loads first) and with the
            // error texts and times the areas share, the voter fetches less
            // than before the editor existed, and the other areas load those
            // with the first chunk instead of later.
            // Svelte's <select> binding (see treeshake above) stays out of it: only the console has a <select>.
            { name: 'select-binding', test: SIDE_EFFECT_FREE, priority: 2, includeDependenciesRecursively: false },
            // src/early.ts and the little it imports (the API client, the code's
            // check, storage): a chunk of their own, which the page runs as an
            // async script the moment it arrives (scripts/voter-first.ts), so a
            // voting link's questionnaire is asked for before the voter-page
            // chunk has arrived.
            // Left to the group below they would be in it, and wait for it.
            { name: 'early', test: /\/src\/(early|lib\/(voter\/early|api|storage|code-input|match|old-engines))\.ts$|\/shared\/src\/(codes|text)/, priority: 3 },
            { name: 'voter-page', priority: 1, test: /\/src\/lib\/(voter\/(QuestionnaireForm\.svelte|i18n\/zh-CN\.ts)|components\/CodeForm\.svelte|errors\.ts|time\.ts)/ },
          ],
        },
      },
    },
  },
});

#!/usr/bin/env node
// What a voter's phone downloads for /v/CODE, gzipped, against the budget.
// Builds nothing: run `vite build` first. Reads dist/.vite/manifest.json and
// follows the entry and the vote area's chunk through their static imports
// (what the browser must fetch before the page works), and adds what
// dist/index.html lists for every page; lazily imported chunks such as the
// admin console are not counted, nor are they allowed to leak in.
//
//   node web/scripts/check-budget.mjs [--dist web/dist]
// Prints one JSON document; exits 1 when a route is over budget or pulls in zod.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BUDGET = { js: 40 * 1024, css: 15 * 1024 };

// Routes checked against the budget: the area's own chunk plus, for readers
// who chose English, the lazily fetched English catalogues they also load.
const ROUTES = {
  voter: ['src/routes/vote/index.ts'],
  'voter (en)': ['src/routes/vote/index.ts', 'src/lib/i18n/en.ts', 'src/lib/voter/i18n/en.ts'],
  receipt: ['src/routes/receipt/index.ts'],
};

// zod is large; the voter's side imports contract types only.
const FORBIDDEN = [{ name: 'zod', pattern: /\$Zod[A-Z]|ZodError/ }];

const argDist = process.argv.indexOf('--dist');
const dist = path.resolve(argDist > 0 ? process.argv[argDist + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!fs.existsSync(manifestPath)) {
  console.error(`no ${manifestPath}: run \`npm run build -w web\` first (build.manifest must be on)`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) {
  console.error('manifest has no entry chunk');
  process.exit(2);
}

/** The chunk and everything it imports statically: what must load before it runs. */
function collect(key, files = { js: new Set(), css: new Set() }, seen = new Set()) {
  if (seen.has(key)) return files;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`chunk ${key} is not in the manifest: was it renamed?`);
  if (chunk.file.endsWith('.js')) files.js.add(chunk.file);
  else if (chunk.file.endsWith('.css')) files.css.add(chunk.file);
  for (const css of chunk.css ?? []) files.css.add(css);
  for (const dep of chunk.imports ?? []) collect(dep, files, seen);
  return files;
}

/**
 * What index.html itself has the browser fetch on every page, whatever the
 * route: its scripts, module preloads, stylesheets and style preloads
 * (scripts/voter-first.ts lists the vote area there for every page).
 */
function listedByPage() {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = { js: new Set(), css: new Set() };
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const url = /\b(?:src|href)="\/([^"]+)"/.exec(tag)?.[1];
    if (!url || !url.startsWith('assets/')) continue;
    if (url.endsWith('.js') && (tag.startsWith('<script') || /rel="modulepreload"/.test(tag))) files.js.add(url);
    else if (url.endsWith('.css') && /rel="(stylesheet|preload)"/.test(tag)) files.css.add(url);
  }
  return files;
}

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file))).length;

function measure(set) {
  const files = [...set].map((file) => ({ file, gzip: gzipSize(file) })).sort((a, b) => b.gzip - a.gzip);
  return { total: files.reduce((n, f) => n + f.gzip, 0), files };
}

const report = { budget: BUDGET, routes: {}, ok: true };
const page = listedByPage();
for (const [name, keys] of Object.entries(ROUTES)) {
  const files = { js: new Set(), css: new Set() };
  const seen = new Set();
  for (const key of [entryKey, ...keys]) collect(key, files, seen);
  for (const f of page.js) files.js.add(f);
  for (const f of page.css) files.css.add(f);
  const js = measure(files.js);
  const css = measure(files.css);
  const problems = [];
  if (js.total > BUDGET.js) problems.push(`JS ${js.total} B gzipped > ${BUDGET.js} B`);
  if (css.total > BUDGET.css) problems.push(`CSS ${css.total} B gzipped > ${BUDGET.css} B`);
  for (const { name: lib, pattern } of FORBIDDEN) {
    const hit = [...files.js].find((f) => pattern.test(fs.readFileSync(path.join(dist, f), 'utf8')));
    if (hit) problems.push(`${lib} found in ${hit}`);
  }
  report.routes[name] = {
    js: { gzipKB: +(js.total / 1024).toFixed(2), files: js.files },
    css: { gzipKB: +(css.total / 1024).toFixed(2), files: css.files },
    ok: problems.length === 0,
    ...(problems.length ? { problems } : {}),
  };
  if (problems.length) report.ok = false;
}

console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);

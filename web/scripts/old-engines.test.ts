// The voter's page on the oldest phones it supports: iOS 15 Safari and
// WeChat's in-app browser on older Android (Chromium 80 or later). Every chunk
// the voter's routes load (the entry, the vote and receipt areas, what they
// import, and what they fetch later: English strings, the follow-up form) must
// parse as ES2020, and must not call an API those engines lack unless the call
// has a fallback, named below. Reads web/dist: `npm run build -w web` first
// (npm test does).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '../dist');
const VOTER_ROUTES = ['src/routes/vote/index.ts', 'src/routes/receipt/index.ts'];

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** APIs newer than iOS 15.0 or Chromium 80, each with where it arrived. */
const NEWER_APIS: { name: string; pattern: RegExp; since: string }[] = [
  { name: 'String.prototype.replaceAll', pattern: /\.replaceAll\(/, since: 'Chromium 85' },
  // A regular expression's lookbehind parses as a string handed to RegExp (the build moves it there
  // for safari15) and throws only when it runs: the page then never starts.
  { name: 'RegExp lookbehind', pattern: /\(\?<[=!]/, since: 'Safari 16.4' },
  { name: 'Array.prototype.at', pattern: /\.at\(-?\d/, since: 'Chromium 92, Safari 15.4' },
  { name: 'Object.hasOwn', pattern: /Object\.hasOwn\(/, since: 'Chromium 93, Safari 15.4' },
  { name: 'structuredClone', pattern: /\bstructuredClone\(/, since: 'Chromium 98, Safari 15.4' },
  { name: 'Array.prototype.findLast', pattern: /\.findLast(Index)?\(/, since: 'Chromium 97, Safari 15.4' },
  { name: 'change-array-by-copy', pattern: /\.(toSorted|toReversed|toSpliced)\(/, since: 'Chromium 110, Safari 16' },
  { name: 'AbortSignal.timeout/any', pattern: /AbortSignal\.(timeout|any)\(/, since: 'Chromium 103, Safari 15.4' },
  { name: 'crypto.randomUUID', pattern: /\.randomUUID\(/, since: 'Chromium 92, Safari 15.4' },
  { name: 'Promise.any', pattern: /Promise\.any\(/, since: 'Chromium 85' },
  { name: 'Promise.withResolvers', pattern: /Promise\.withResolvers\(/, since: 'Chromium 119, Safari 17.4' },
  { name: 'requestIdleCallback', pattern: /\brequestIdleCallback\(/, since: 'never in Safari' },
  { name: 'Object.groupBy / Map.groupBy', pattern: /(Object|Map)\.groupBy\(/, since: 'Chromium 117, Safari 17.4' },
  { name: 'String well-formedness', pattern: /\.(isWellFormed|toWellFormed)\(/, since: 'Chromium 111, Safari 16.4' },
  { name: 'WeakRef / FinalizationRegistry', pattern: /\b(WeakRef|FinalizationRegistry)\b/, since: 'Chromium 84, Safari 14.1' },
  { name: 'Intl.Segmenter', pattern: /Intl\.Segmenter\b/, since: 'Chromium 87, Safari 14.1' },
  { name: 'Element.replaceChildren', pattern: /\.replaceChildren\(/, since: 'Chromium 86' },
  { name: 'navigator.clipboard', pattern: /navigator\.clipboard\b/, since: 'Safari 13.1, Chromium 66, but refused outside HTTPS and in some WebViews' },
  { name: 'Array.fromAsync', pattern: /Array\.fromAsync\(/, since: 'Chromium 121, Safari 16.4' },
  { name: 'Set methods', pattern: /\.(union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/, since: 'Chromium 122, Safari 17' },
  { name: 'dialog.showModal', pattern: /\.showModal\(/, since: 'Safari 15.4' },
  { name: 'Element.checkVisibility', pattern: /\.checkVisibility\(/, since: 'Chromium 105, Safari 17.4' },
];

/** Where a newer API is called and why the page still works without it. */
const FALLBACKS: Record<string, string> = {
  'String.prototype.replaceAll': 'src/lib/old-engines.ts fills it in before Svelte first mounts anything',
  structuredClone: "Svelte's $state.snapshot calls it only for a Date, and no voter's state holds one",
  'navigator.clipboard': 'the receipt copy falls back to selecting the text and execCommand("copy")',
};

function voterChunks(): Map<string, string> {
  const manifestPath = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error('web/dist is missing: run `npm run build -w web` first (npm test does)');
  const manifest: Record<string, Chunk> = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const files = new Map<string, string>();
  const follow = (key: string, dynamic: boolean) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`chunk ${key} is not in the manifest`);
    if (files.has(chunk.file)) return;
    files.set(chunk.file, fs.readFileSync(path.join(dist, chunk.file), 'utf8'));
    for (const k of chunk.imports ?? []) follow(k, dynamic);
    // The entry's lazy imports are the other areas (the console): not the voter's.
    if (dynamic && !chunk.isEntry) for (const k of chunk.dynamicImports ?? []) follow(k, dynamic);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  follow(entry, false);
  for (const route of VOTER_ROUTES) follow(route, true);
  return new Map([...files].filter(([file]) => file.endsWith('.js')));
}

describe("the voter's page on older phones", () => {
  const chunks = voterChunks();

  it('loads the entry, the vote area and its later chunks', () => {
    const names = [...chunks.keys()].join(' ');
    expect(names).toMatch(/assets\/index-/);
    expect(names).toMatch(/assets\/vote-/);
    expect(names).toMatch(/assets\/followup-/);
    expect(chunks.size).toBeGreaterThanOrEqual(6);
  });

  it('parses as ES2020 in every chunk', () => {
    const failures: string[] = [];
    for (const [file, code] of chunks) {
      try {
        parse(code, { ecmaVersion: 2020, sourceType: 'module' });
      } catch (e) {
        const at = (e as { pos?: number }).pos ?? 0;
        failures.push(`${file}: ${(e as Error).message} near ${JSON.stringify(code.slice(Math.max(0, at - 40), at + 40))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('calls no API newer than those engines without a fallback', () => {
    const used = new Map<string, string[]>();
    for (const [file, code] of chunks) {
      for (const api of NEWER_APIS) if (api.pattern.test(code)) used.set(api.name, [...(used.get(api.name) ?? []), file]);
    }
    const unguarded = [...used].filter(([name]) => !FALLBACKS[name]).map(([name, files]) => `${name} (${NEWER_APIS.find((a) => a.name === name)!.since}) in ${files.join(', ')}`);
    expect(unguarded).toEqual([]);
    // A fallback named for an API no chunk calls any more is stale: remove it.
    expect(Object.keys(FALLBACKS).filter((name) => !used.has(name))).toEqual([]);
  });

  it("fills in replaceAll in the page's first script, before anything else runs", () => {
    // The page's first module script is src/early.ts's chunk (scripts/voter-first.ts), run as soon as it arrives.
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const first = /<script type="module"[^>]* src="\/(assets\/[^"]+\.js)"/.exec(html)![1];
    const code = chunks.get(first)!;
    expect(code.trimStart()).toMatch(/^function (\w+)\([^)]*\)\{[^}]*\}``\.replaceAll\|\|\(String\.prototype\.replaceAll=\1\)/);
    // The entry imports it first, so it also runs before the app when the entry's graph is complete first.
    const entry = [...chunks.keys()].find((file) => /assets\/index-/.test(file))!;
    expect(chunks.get(entry)).toMatch(new RegExp(`^(const __vite__mapDeps=[^\\n]*\\n)?import[^;]*from"\\./${path.basename(first).replace('.', '\\.')}"`));
  });
});

// A Vite plugin that orders the page's requests for a voter on a slow link:
// the questionnaire is asked for by a small first script, and the voter's
// area arrives with the entry script instead of after it has run.
//
// Why (docs/benchmarks.md, "The voter's page on a slow phone"): before, on
// slow 4G with a 4× slower CPU, a voting link waited for four things one after
// another: the page; the entry script and the voter's page chunk (Svelte, the
// ballot form, ~26 KB), which the entry imports; then, once both had run, the
// questionnaire and the vote area's chunk, which the router imports lazily;
// then, for English readers, the area's English strings.
//
// - `early`: the module (src/early.ts) that asks for a voting link's
//   questionnaire is built into a chunk of its own with the little it imports
//   (vite.config.ts, the "early" group), and the page lists that chunk as an
//   async module script of its own. It runs as soon as it has arrived: not
//   once the entry's whole graph has, and not after the stylesheets (a
//   deferred script, as the entry is, waits for both). The entry imports the
//   same file, which the browser evaluates once, whichever asks first: the
//   questionnaire is asked for once, and the polyfill it carries runs before
//   any of the app's code.
// - `areas`: lazily imported chunks (the vote area), listed as <link
//   rel=modulepreload> (scripts) and <link rel=preload as=style> (stylesheets:
//   fetched, not applied, so they delay no paint). Every page of the site is a
//   voter's page first (`/` is the code form), so every page lists them; the
//   console's readers fetch the vote area's ~7 KB once.
import type { Plugin } from 'vite';

interface Chunk {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  moduleIds: string[];
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

const endsWith = (id: string | null | undefined, source: string) => !!id && id.replaceAll('\\', '/').endsWith(source);
const chunksOf = (bundle: Record<string, { type: string }>) => Object.values(bundle).filter((c): c is Chunk => c.type === 'chunk');

/** The chunk that holds the module `source`. */
export function chunkHolding(bundle: Record<string, { type: string }>, source: string): Chunk {
  const found = chunksOf(bundle).find((c) => c.moduleIds.some((id) => endsWith(id, source)));
  if (!found) throw new Error(`voter-first: no chunk holds ${source}`);
  return found;
}

/** The files the chunks built from `sources` need, theirs first; none the entry already needs. */
export function areaFiles(bundle: Record<string, { type: string }>, sources: string[], entry: Chunk): { scripts: string[]; styles: string[] } {
  const chunks = chunksOf(bundle);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const walk = (c: Chunk, into: Set<string>) => {
    for (const name of c.imports) {
      if (into.has(name)) continue;
      into.add(name);
      const dep = byName.get(name);
      if (dep) walk(dep, into);
    }
  };
  const have = new Set<string>();
  walk(entry, have);
  have.add(entry.fileName);
  const scripts = new Set<string>();
  for (const source of sources) {
    const area = chunks.find((c) => endsWith(c.facadeModuleId, source));
    if (!area) throw new Error(`voter-first: no chunk is built from ${source}`);
    scripts.add(area.fileName);
    walk(area, scripts);
  }
  const needed = [...scripts].filter((f) => !have.has(f));
  const cssOf = (f: string) => [...(byName.get(f)?.viteMetadata?.importedCss ?? [])];
  const entryCss = new Set([...have].flatMap(cssOf));
  const styles = needed.flatMap(cssOf).filter((f) => !entryCss.has(f));
  return { scripts: needed, styles: [...new Set(styles)] };
}

export function voterFirst(opts: { early: string; areas: string[] }): Plugin {
  let base = '/';
  return {
    name: 'minping:voter-first',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return;
        const bundle = ctx.bundle as Record<string, { type: string }>;
        const entry = ctx.chunk as unknown as Chunk;
        const early = chunkHolding(bundle, opts.early);
        if (early.fileName === entry.fileName) throw new Error(`voter-first: ${opts.early} was built into the entry chunk; give it a chunk group of its own`);
        // A chunk it imports would have to arrive first, and that is what it exists to avoid.
        if (early.imports.length) throw new Error(`voter-first: ${early.fileName} (${opts.early}) imports ${early.imports.join(', ')}; it must stand alone (vite.config.ts, the "early" group)`);
        const { scripts, styles } = areaFiles(bundle, opts.areas, entry);
        // Beside the entry's own tag; async, so it waits for nothing but itself.
        const entryTag = `<script type="module" crossorigin src="${base}${entry.fileName}"></script>`;
        if (!html.includes(entryTag)) throw new Error(`voter-first: the page has no ${entryTag}`);
        // crossorigin as Vite's own tags and loader ask for them, or the browser fetches each twice.
        const tags = [
          ...scripts.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + f }, injectTo: 'head' as const })),
          ...styles.map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: base + f }, injectTo: 'head' as const })),
        ];
        return { html: html.replace(entryTag, `<script type="module" async crossorigin src="${base}${early.fileName}"></script>\n    ${entryTag}`), tags };
      },
    },
  };
}

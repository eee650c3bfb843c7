// A Vite plugin that lets index.html fetch one lazily loaded area (the
// voter's) beside the entry script, instead of after it has run.
//
// Why: the router imports each area when its route is first shown, so on a
// voting link the phone asked for the vote chunk, its stylesheet and what it
// imports only once the entry script had arrived and run: one more round trip
// (about 0.45 s on slow 4G with a 4× slower CPU; docs/benchmarks.md, "The
// voter's page on a slow phone"). Listed in the page as <link rel=modulepreload>
// (scripts) and <link rel=preload as=style> (stylesheets: fetched, not applied,
// so they delay no paint), they arrive with the entry; the import later finds
// them in the cache. Every page of the site is a voter's page first (`/` is
// the code form), so every page lists them; the console's readers fetch the
// vote area's ~7 KB once.
import type { Plugin } from 'vite';

interface Chunk {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** The files the chunk whose source path ends with `source` needs, its own first; none already needed by the entry. */
export function areaFiles(bundle: Record<string, { type: string }>, source: string, entry: Chunk): { scripts: string[]; styles: string[] } {
  const chunks = Object.values(bundle).filter((c): c is Chunk => c.type === 'chunk');
  const area = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(source));
  if (!area) throw new Error(`preload-area: no chunk is built from ${source}`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const have = new Set<string>();
  const walk = (c: Chunk, into: Set<string>) => {
    for (const name of c.imports) {
      if (into.has(name)) continue;
      into.add(name);
      const dep = byName.get(name);
      if (dep) walk(dep, into);
    }
  };
  walk(entry, have);
  have.add(entry.fileName);
  const scripts = new Set<string>([area.fileName]);
  walk(area, scripts);
  const needed = [...scripts].filter((f) => !have.has(f));
  const entryCss = new Set([entry, ...[...have].map((f) => byName.get(f)).filter((c): c is Chunk => !!c)].flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]));
  const styles = needed.flatMap((f) => [...(byName.get(f)?.viteMetadata?.importedCss ?? [])]).filter((f) => !entryCss.has(f));
  return { scripts: needed, styles: [...new Set(styles)] };
}

export function preloadArea(source: string): Plugin {
  let base = '/';
  return {
    name: 'minping:preload-area',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return;
        const { scripts, styles } = areaFiles(ctx.bundle as Record<string, { type: string }>, source, ctx.chunk as unknown as Chunk);
        // crossorigin as Vite's own loader asks for them, or the browser fetches each twice.
        return [
          ...scripts.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + f }, injectTo: 'head' as const })),
          ...styles.map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: base + f }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

// Builds the server for production: server/src/main.ts and @minping/shared
// (TypeScript, in this repository) into one ES module, server/dist/main.js,
// that plain `node` runs. Every other package stays an import, resolved from
// node_modules at run time: what `npm ci --omit=dev` installs must be enough
// (scripts/build-server.test.ts holds that). Files read at run time (migrations,
// the web build) are found from the bundle's place: see server/src/paths.ts.
//   npm run build -w server        (npm start runs it)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildResult, type Plugin } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ENTRY = path.join(ROOT, 'server/src/main.ts');
export const OUTDIR = path.join(ROOT, 'server/dist');

/** Bare imports stay imports, except our own workspace package (TypeScript source, which node cannot run from node_modules). */
const packagesExternal: Plugin = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === '@minping/shared' || args.path.startsWith('@minping/shared/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** `entryPoints` other than the server's: a benchmark's bare server (scripts/bench/floor-server.ts), built the same way. */
export async function buildServer(outdir = OUTDIR, opts: { write?: boolean; entryPoints?: Record<string, string> } = {}): Promise<BuildResult<{ metafile: true }>> {
  return build({
    absWorkingDir: ROOT,
    entryPoints: opts.entryPoints ?? { main: ENTRY },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    metafile: true,
    write: opts.write ?? true,
    logLevel: 'warning',
    plugins: [packagesExternal],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await buildServer();
  const out = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('.js'));
  console.log(`server/dist/main.js: ${Math.round((out?.[1].bytes ?? 0) / 1024)} KiB`);
}

// Production installs only "dependencies" (npm ci --omit=dev in the image):
// every package the server bundle imports must be one of them, or the image
// fails at its first start. The bundle holds nothing from node_modules.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildServer, OUTDIR, ROOT } from './build-server.js';

const depsOf = (dir: string): string[] => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')).dependencies ?? {});
/** "@scope/name/sub" → "@scope/name", "name/sub" → "name". */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

it('imports only packages a production install has, and bundles only our own source', async () => {
  const { metafile } = await buildServer(OUTDIR, { write: false });
  // shared is bundled into the server, so its dependencies are the server's too.
  const production = new Set(['.', 'server', 'shared'].flatMap(depsOf));
  const imported = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) imported.add(imp.path);
  }
  const packages = [...imported].filter((p) => !p.startsWith('node:') && !builtinModules.includes(p)).map(packageOf);
  expect(packages.length).toBeGreaterThan(10);
  expect([...new Set(packages.filter((p) => !production.has(p)))]).toEqual([]);
  const inputs = Object.keys(metafile.inputs);
  expect(inputs.filter((f) => !/^(server|shared)\/src\//.test(f))).toEqual([]);
  // Bundling the whole server shares two cores with the other test files.
}, 60_000);

// CI check: the committed migrations must already contain every change in
// server/src/db/schema.ts. drizzle-kit generates into a scratch copy; any new
// file there means someone changed the schema without generating a migration.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-migrations-'));
fs.cpSync(path.join(root, 'migrations'), path.join(scratch, 'migrations'), { recursive: true });
const config = path.join(scratch, 'drizzle.config.mjs');
fs.writeFileSync(
  config,
  // drizzle-kit resolves both paths against its working directory: keep them relative.
  `export default { dialect: 'postgresql', schema: ${JSON.stringify(path.relative(scratch, path.join(root, 'server/src/db/schema.ts')))}, out: './migrations' };\n`,
);
const before = new Set(fs.readdirSync(path.join(scratch, 'migrations')));
const output = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
const added = fs.readdirSync(path.join(scratch, 'migrations')).filter((f) => !before.has(f));
fs.rmSync(scratch, { recursive: true, force: true });
if (!added.length && !/No schema changes/.test(output)) {
  console.error(`Could not compare schema and migrations; drizzle-kit said:\n${output}`);
  process.exit(1);
}
if (added.length) {
  console.error(`Schema and migrations disagree: drizzle-kit would generate ${added.join(', ')}. Run \`npm run db:generate\` and commit the result.`);
  process.exit(1);
}
console.log('migrations match the schema');

// CI check: the committed migrations must already contain every change in
// server/src/db/schema.ts. drizzle-kit generates into a scratch copy; any new
// file there means someone changed the schema without generating a migration.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

// drizzle's migrator applies a migration only when its journal time is later
// than the newest one a database has applied: a journal out of order (two
// branches' migrations merged) silently skips one on existing databases.
const journal = JSON.parse(fs.readFileSync(path.join(root, 'migrations/meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
for (const [i, e] of journal.entries.entries()) {
  const prev = journal.entries[i - 1];
  if (e.idx !== i || !e.tag.startsWith(String(i).padStart(4, '0'))) {
    console.error(`migrations/meta/_journal.json: entry ${i} is ${e.idx} ${e.tag}; number migrations in order`);
    process.exit(1);
  }
  if (prev && e.when <= prev.when) {
    console.error(`migrations/meta/_journal.json: ${e.tag} is dated before ${prev.tag}; an existing database would skip it. Give it a later "when".`);
    process.exit(1);
  }
}
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

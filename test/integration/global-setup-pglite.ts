// For the integration-pglite project only: one PGlite data directory with every
// migration applied, which each test file copies (initdb and the migrations
// take from seconds to a minute; a copy takes a moment).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, runMigrations } from '../../server/src/infra/db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-pglite-tpl-'));
  const database = await openPglite(dir);
  await runMigrations(database);
  await database.close();
  project.provide('pgliteTemplate', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

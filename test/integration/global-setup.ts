// Builds one template database with every migration applied; each test file
// then gets its own database cloned from it (fast), and its own Redis prefix.
// Also builds the server bundle once (server/dist/main.js, what npm start and
// the image run), for the files that start it as a process.
// Names carry this run's id, so two runs on one server (two developers, or a
// developer and CI) never drop each other's databases.
import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres, runMigrations } from '../../server/src/infra/db.js';
import { ADMIN_URL, dbUrl } from './env.js';
import { buildServer } from '../../scripts/build-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    runId: string;
  }
}

async function dropAll(pattern: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const rows = await admin.query(`select datname from pg_database where datname like $1`, [pattern]);
  for (const r of rows.rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
  await admin.end();
}

export default async function setup(project: TestProject) {
  await buildServer();
  const runId = crypto.randomBytes(3).toString('hex');
  const templateDb = `minping_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${templateDb}"`);
  await admin.end();
  const database = await openPostgres(dbUrl(templateDb), 2);
  await runMigrations(database);
  await database.close();
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);
  return async () => {
    await dropAll(`minping_t_${runId}_%`);
    await dropAll(templateDb);
    // App roles a failed test file left behind (harness `appRole`).
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const roles = await admin.query(`select rolname from pg_roles where rolname like $1`, [`minping_app_${runId}_%`]);
    for (const r of roles.rows) await admin.query(`drop role if exists "${r.rolname}"`);
    await admin.end();
  };
}

// Builds one template database with every migration applied; each test file
// then gets its own database cloned from it (fast), and its own Redis prefix.
import pg from 'pg';
import { openPostgres, runMigrations } from '../../server/src/db/client.js';
import { ADMIN_URL, TEMPLATE_DB, dbUrl } from './env.js';

export default async function setup() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  // Leftovers of an interrupted run.
  const old = await admin.query(`select datname from pg_database where datname like 'minping_t_%' or datname = $1`, [TEMPLATE_DB]);
  for (const r of old.rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
  await admin.query(`create database "${TEMPLATE_DB}"`);
  await admin.end();
  const database = await openPostgres(dbUrl(TEMPLATE_DB), 2);
  await runMigrations(database);
  await database.close();
}

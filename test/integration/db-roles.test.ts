// The app runs as a role that owns nothing (DATABASE_URL) and migrates as the
// owner (MIGRATION_DATABASE_URL): it votes, audits and counts as before, but
// cannot switch off the trigger that keeps audit_log append-only, rewrite or
// empty the log, or drop a table: whoever takes over the app takes over rows,
// not the schema.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { APPEND_ONLY_TABLES } from '../../server/src/infra/db.js';
import { UNITS } from '../fixtures/units.js';

let h: Harness;
let owner: pg.Client;

beforeAll(async () => {
  h = await createHarness({}, { appRole: true });
  owner = new pg.Client({ connectionString: h.databaseUrl });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await h?.close();
});

const app = <R = Record<string, unknown>>(sql: string) => h.ctx.database.query<R>(sql);
const auditRows = async () => Number((await owner.query(`select count(*)::int as n from audit_log`)).rows[0].n);

describe('the app role', () => {
  it('is not the owner, and owns nothing', async () => {
    const [{ role }] = await app<{ role: string }>('select current_user as role');
    expect(role).toMatch(/^minping_app_/);
    const owned = await app(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user`);
    expect(owned).toEqual([]);
  });

  it('runs a campaign: import, codes, a vote counted by the worker, audit entries written', async () => {
    await h.startWorker();
    const before = await auditRows();
    const key = await openCampaign(h);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 3);
    const vote = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(UNITS, 'satisfied') });
    expect(vote.statusCode, vote.body).toBe(201);
    await drained(h);
    expect(await auditRows()).toBeGreaterThan(before);
    const audit = await h.admin({ method: 'GET', url: `/api/v1/audit?campaign=${key}` });
    expect(audit.statusCode).toBe(200);
    expect(audit.json().entries.length).toBeGreaterThan(0);
    const progress = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/progress` });
    expect(progress.statusCode).toBe(200);
  });

  it('cannot disable the audit trigger, rewrite or empty the log, or drop a table', async () => {
    const before = await auditRows();
    expect(before).toBeGreaterThan(0);
    // What the owner (the app's role before) can do, and what this role must not.
    await owner.query('begin');
    await owner.query('alter table audit_log disable trigger audit_log_no_update');
    await owner.query(`update audit_log set action = 'rewritten'`);
    await owner.query('rollback');
    const refused = [
      'alter table audit_log disable trigger audit_log_no_update',
      'alter table audit_log disable trigger all',
      'drop trigger audit_log_no_update on audit_log',
      'create or replace function audit_log_append_only() returns trigger language plpgsql as $$ begin return new; end $$',
      `update audit_log set action = 'x'`,
      'delete from audit_log',
      'truncate audit_log',
      'drop table audit_log',
      'drop table ballots',
      'alter table ballots add column x int',
      'create table sneaky (id int)',
    ];
    for (const sql of refused) {
      // 42501 insufficient_privilege; 42501-like "must be owner" for DDL.
      const err = await app(sql).then(() => null, (e: { code?: string; message: string }) => e);
      expect(err, sql).not.toBeNull();
      expect(err!.code, `${sql}: ${err!.message}`).toBe('42501');
    }
    expect(await auditRows()).toBe(before);
    const triggers = await owner.query(`select tgname, tgenabled from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal order by tgname`);
    expect(triggers.rows).toEqual([{ tgname: 'audit_log_no_truncate', tgenabled: 'O' }, { tgname: 'audit_log_no_update', tgenabled: 'O' }]);
  });

  it('may read and write every table, and only read and append to the append-only ones', async () => {
    const rows = await app<{ table: string; select: boolean; insert: boolean; update: boolean; delete: boolean; truncate: boolean }>(`
      select tablename as "table",
        has_table_privilege(current_user, format('public.%I', tablename), 'SELECT') as "select",
        has_table_privilege(current_user, format('public.%I', tablename), 'INSERT') as "insert",
        has_table_privilege(current_user, format('public.%I', tablename), 'UPDATE') as "update",
        has_table_privilege(current_user, format('public.%I', tablename), 'DELETE') as "delete",
        has_table_privilege(current_user, format('public.%I', tablename), 'TRUNCATE') as "truncate"
      from pg_tables where schemaname = 'public' order by tablename`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const appendOnly = APPEND_ONLY_TABLES.includes(r.table);
      expect(r, r.table).toEqual({ table: r.table, select: true, insert: true, update: !appendOnly, delete: !appendOnly, truncate: false });
    }
  });
});

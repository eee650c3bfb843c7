// Two guards. The statements that store a group of ballots find their codes
// first, so they run no step more than once per ballot however many code
// batches the campaign has, with statistics or without (before: a code looked
// up once per ballot and batch). And the embedded database, which runs no
// autovacuum, has its tables analyzed and vacuumed by the worker
// (infra/table-upkeep.ts). Runs on PostgreSQL, a pool of one and PGlite. The
// tables' owner does the upkeep and the DDL here (on PostgreSQL the app's role
// may own nothing: TEST_APP_ROLE=1), and autovacuum is off for the tables
// watched, so that only the upkeep analyzes or vacuums them.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ballotFor, createHarness, issueCodes, openCampaign, TEST_DB, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';
import { voteRepo } from '../../server/src/modules/vote/vote.repo.js';
import { tablesDue, upkeepOnce } from '../../server/src/infra/table-upkeep.js';
import { openPostgres, type Database, type Queryable } from '../../server/src/infra/db.js';

const BATCHES = 120;
let h: Harness;
let owner: Database;
const codes: string[] = [];

beforeAll(async () => {
  h = await createHarness({ TABLE_UPKEEP_EVERY_MS: '300' });
  owner = TEST_DB === 'pglite' ? h.ctx.database : await openPostgres(h.databaseUrl, 1);
  for (const t of ['code_batches', 'codes']) await owner.query(`alter table ${t} set (autovacuum_enabled = false)`);
  const key = await openCampaign(h);
  for (let i = 0; i < BATCHES; i++) codes.push(...(await issueCodes(h, key, 'survey', 'citizens', 1)).codes);
}, 300_000);
afterAll(async () => {
  if (owner !== h.ctx.database) await owner.close();
  await h.close();
});

/** Activity counters reach pg_stat_user_tables when each backend flushes them (within seconds). */
async function untilDue(check: (due: Awaited<ReturnType<typeof tablesDue>>) => boolean) {
  await vi.waitFor(
    async () => {
      await owner.query('select pg_stat_clear_snapshot()');
      expect(check(await tablesDue(owner))).toBe(true);
    },
    { timeout: 20_000, interval: 250 },
  );
}

interface PlanNode {
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}
/** How many times the busiest step of a plan ran. */
const mostLoops = (node: PlanNode): number => Math.max(node['Actual Loops'] ?? 0, ...(node.Plans ?? []).map(mostLoops));

it('analyzes the tables that changed; with statistics or without, the statements that store a group of ballots run no step more than once per ballot at 120 batches', async () => {
  const claims = vi.spyOn(voteRepo, 'claimByHash');
  const group = codes.slice(0, 20);
  const answers = await Promise.all(
    group.map((c, i) => h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, 'satisfied'), remoteAddress: `198.51.100.${i + 1}` })),
  );
  expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
  const rows = claims.mock.calls.flatMap(([, r]) => r);
  claims.mockRestore();
  expect(rows).toHaveLength(20);

  // The same statement for the same 20 codes (used now: it stores nothing), explained as it runs;
  // and the read of the codes' states and the claim by id, the committer's longer way.
  const codesOf = await h.ctx.database.query<{ id: number; batch_id: number; hash: string }>(
    `select id::int, batch_id, encode(hash, 'hex') as hash from codes where hash = any($1::bytea[])`,
    [rows.map((r) => r.codeHash)],
  );
  const byHash = new Map(codesOf.map((c) => [c.hash, c]));
  const byId = rows.map((r) => {
    const code = byHash.get(r.codeHash.toString('hex'))!;
    return { ...r, codeId: code.id, batchId: code.batch_id, questionnaireKey: 'survey', groupKey: 'citizens' };
  });
  const statements = [
    (q: Queryable) => voteRepo.claimByHash(q, rows),
    (q: Queryable) => voteRepo.codeStates(q, rows.map((r) => r.codeHash)),
    (q: Queryable) => voteRepo.claimAndInsert(q, byId),
  ];
  const busiestSteps = async () => {
    const loops: number[] = [];
    for (const claim of statements) {
      let statement = { text: '', params: [] as unknown[] };
      await claim({ query: async (text: string, params: unknown[]) => ((statement = { text, params }), []) } as unknown as Queryable);
      const [{ 'QUERY PLAN': plan }] = await h.ctx.database.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${statement.text}`, statement.params);
      loops.push(mostLoops(plan[0].Plan));
    }
    return loops;
  };
  // Before: the claim by hash looked a code up 2,400 times (once per ballot and batch), the claim by id scanned an index 120 times.
  for (const n of await busiestSteps()) expect(n).toBeLessThanOrEqual(group.length);

  await untilDue((due) => due.analyze.includes('public.code_batches') && due.analyze.includes('public.codes'));
  const done = await upkeepOnce(owner);
  expect(done.analyze).toEqual(expect.arrayContaining(['public.code_batches', 'public.codes']));
  const [{ batches }] = await owner.query<{ batches: number }>(`select reltuples::int as batches from pg_class where relname = 'code_batches'`);
  expect(batches).toBe(BATCHES);
  for (const n of await busiestSteps()) expect(n).toBeLessThanOrEqual(group.length);
});

it('vacuums a table once its dead rows pass autovacuum’s threshold, and leaves one under it alone', async () => {
  for (const t of ['upkeep_probe', 'upkeep_quiet']) {
    await owner.query(`create table ${t} (id int) with (autovacuum_enabled = false)`);
    await owner.query(`insert into ${t} select g from generate_series(1, 200) g`);
  }
  await owner.query('delete from upkeep_probe where id > 50');
  await owner.query('delete from upkeep_quiet where id > 160');
  await untilDue((due) => due.vacuum.includes('public.upkeep_probe'));
  const done = await upkeepOnce(owner);
  expect(done.vacuum).toContain('public.upkeep_probe');
  expect(done.vacuum).not.toContain('public.upkeep_quiet');
  await owner.query('select pg_stat_clear_snapshot()');
  const [{ dead }] = await owner.query<{ dead: number }>(`select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'upkeep_probe'`);
  expect(dead).toBe(0);
});

it.runIf(TEST_DB === 'pglite')('is done by the worker role on the embedded database: everything at start, then what is due', async () => {
  const analyzed = async (table: string) =>
    (await h.ctx.database.query<{ at: string | null }>(`select last_analyze::text as at from pg_stat_user_tables where relname = $1`, [table]))[0].at;
  // Activity before this process started is unknown to it (PGlite keeps no counters across a restart): all of it at start.
  await h.ctx.database.query('create table upkeep_before (id int)');
  await h.ctx.database.query('insert into upkeep_before select g from generate_series(1, 10) g');
  const worker = await h.startWorker();
  try {
    await vi.waitFor(async () => expect(await analyzed('upkeep_before')).not.toBeNull(), { timeout: 60_000, interval: 100 });
    await h.ctx.database.query('create table upkeep_after (id int)');
    await h.ctx.database.query('insert into upkeep_after select g from generate_series(1, 100) g');
    await vi.waitFor(async () => expect(await analyzed('upkeep_after')).not.toBeNull(), { timeout: 60_000, interval: 100 });
  } finally {
    await worker.close();
  }
});

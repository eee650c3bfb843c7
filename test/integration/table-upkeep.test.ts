// The embedded database runs no autovacuum: without the worker's table upkeep
// (jobs/table-upkeep.ts) no table there is ever analyzed or vacuumed, and the
// statement that stores a group of ballots looked every code up once per code
// batch of the campaign. Runs on PostgreSQL, a pool of one and PGlite.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ballotFor, createHarness, issueCodes, openCampaign, TEST_DB, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';
import { voteRepo } from '../../server/src/modules/vote/vote.repo.js';
import { tablesDue, upkeepOnce } from '../../server/src/jobs/table-upkeep.js';
import type { Queryable } from '../../server/src/infra/db.js';

const BATCHES = 120;
let h: Harness;
let codes: string[] = [];

beforeAll(async () => {
  h = await createHarness({ TABLE_UPKEEP_EVERY_MS: '300' });
  const key = await openCampaign(h);
  for (let i = 0; i < BATCHES; i++) codes.push(...(await issueCodes(h, key, 'survey', 'citizens', 1)).codes);
}, 300_000);
afterAll(() => h.close());

/** Activity counters reach pg_stat_user_tables when each backend flushes them (within seconds). */
async function untilDue(check: (due: Awaited<ReturnType<typeof tablesDue>>) => boolean) {
  await vi.waitFor(
    async () => {
      await h.ctx.database.query('select pg_stat_clear_snapshot()');
      expect(check(await tablesDue(h.ctx.database))).toBe(true);
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

it('analyzes the tables that changed; the statements that store a group of ballots run no step more than once per ballot, whatever the batches', async () => {
  const claims = vi.spyOn(voteRepo, 'claimByHash');
  const group = codes.slice(0, 20);
  const answers = await Promise.all(
    group.map((c, i) => h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, 'satisfied'), remoteAddress: `198.51.100.${i + 1}` })),
  );
  expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
  const rows = claims.mock.calls.flatMap(([, r]) => r);
  claims.mockRestore();
  expect(rows).toHaveLength(20);

  await untilDue((due) => due.analyze.includes('code_batches') && due.analyze.includes('codes'));
  const done = await upkeepOnce(h.ctx.database);
  expect(done.analyze).toEqual(expect.arrayContaining(['code_batches', 'codes']));
  const [{ batches }] = await h.ctx.database.query<{ batches: number }>(`select reltuples::int as batches from pg_class where relname = 'code_batches'`);
  expect(batches).toBe(BATCHES);
  expect((await tablesDue(h.ctx.database)).analyze).not.toContain('code_batches');

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
  for (const claim of statements) {
    let statement = { text: '', params: [] as unknown[] };
    await claim({ query: async (text: string, params: unknown[]) => ((statement = { text, params }), []) } as unknown as Queryable);
    const [{ 'QUERY PLAN': plan }] = await h.ctx.database.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${statement.text}`, statement.params);
    // No step runs more than once per ballot (before: a code looked up once per ballot and batch, 2,400 times).
    expect(mostLoops(plan[0].Plan)).toBeLessThanOrEqual(group.length);
  }
});

it('vacuums a table once its dead rows pass autovacuum’s threshold, and leaves one under it alone', async () => {
  await h.ctx.database.query('create table upkeep_probe (id int)');
  await h.ctx.database.query('create table upkeep_quiet (id int)');
  await h.ctx.database.query('insert into upkeep_probe select g from generate_series(1, 200) g');
  await h.ctx.database.query('insert into upkeep_quiet select g from generate_series(1, 200) g');
  await h.ctx.database.query('delete from upkeep_probe where id > 50');
  await h.ctx.database.query('delete from upkeep_quiet where id > 160');
  await untilDue((due) => due.vacuum.includes('upkeep_probe'));
  const done = await upkeepOnce(h.ctx.database);
  expect(done.vacuum).toContain('upkeep_probe');
  expect(done.vacuum).not.toContain('upkeep_quiet');
  await h.ctx.database.query('select pg_stat_clear_snapshot()');
  const [{ dead }] = await h.ctx.database.query<{ dead: number }>(`select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'upkeep_probe'`);
  expect(dead).toBe(0);
  expect(await tablesDue(h.ctx.database)).toMatchObject({ vacuum: expect.not.arrayContaining(['upkeep_probe']) });
});

it.runIf(TEST_DB === 'pglite')('is done by the worker role on the embedded database, without being asked', async () => {
  await h.ctx.database.query('create table upkeep_worker (id int)');
  await h.ctx.database.query('insert into upkeep_worker select g from generate_series(1, 100) g');
  const worker = await h.startWorker();
  try {
    await vi.waitFor(
      async () => {
        const [{ analyzed }] = await h.ctx.database.query<{ analyzed: boolean }>(
          `select last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'upkeep_worker'`,
        );
        expect(analyzed).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );
  } finally {
    await worker.close();
  }
});

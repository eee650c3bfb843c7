// A transaction step's only way to the database is the query it is given:
// anything that asks the pool for a second connection while holding one waits
// for itself on PGlite or a pool of one (the embedded default froze so). The
// guard refuses that on the first call, on every driver; /readyz says when
// database requests hang. Runs on PostgreSQL, with a pool of one and on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { OutsideTransactionError } from '../../server/src/infra/db.js';
import { createHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  // One connection whatever TEST_DB says (PGlite has one anyway).
  h = await createHarness({ DB_POOL_SIZE: '1' });
});
afterAll(() => h?.close());

const refused = expect.objectContaining({ name: 'OutsideTransactionError', message: expect.stringMatching(/inside a transaction/) });
/** Drizzle wraps a driver's error in its own, with the driver's as the cause. */
const unwrapped = (e: unknown) => (e instanceof OutsideTransactionError ? e : (e as { cause?: unknown }).cause);

describe('inside a transaction step', () => {
  it('refuses the pool, drizzle and a nested transaction at once, and serves the step’s own query', async () => {
    const database = h.ctx.database;
    const seen = await database.transaction(async (tx) => {
      const attempts = await Promise.allSettled([
        database.query('select 1'),
        database.db.execute(sql`select 1`),
        database.db.select({ one: sql<number>`1` }).from(sql`(select 1) as t`),
        database.transaction(async (inner) => inner.query('select 1')),
        ...(database.pool ? [database.pool.query('select 1'), database.pool.connect()] : []),
      ]);
      const [row] = await tx.query<{ n: number }>('select 41 + 1 as n');
      // The step's query builder rides the same connection.
      const [built] = await tx.db.select({ n: sql<number>`40 + 3` }).from(sql`(select 1) as t`);
      return { attempts, n: row.n, built: Number(built.n) };
    });
    expect(seen).toMatchObject({ n: 42, built: 43 });
    for (const a of seen.attempts) {
      expect(a.status).toBe('rejected');
      expect(unwrapped((a as PromiseRejectedResult).reason)).toEqual(refused);
      expect(unwrapped((a as PromiseRejectedResult).reason)).toBeInstanceOf(OutsideTransactionError);
    }
  });

  it('has one transaction API: the query builder’s own transaction is refused, so no step escapes the guard', async () => {
    await expect(h.ctx.database.db.transaction(async (tx) => tx.execute(sql`select 1`))).rejects.toThrow(/one transaction API/);
  });

  it('runs after-commit work only once the step has committed, off its connection, and never for a rollback', async () => {
    const database = h.ctx.database;
    const seen: string[] = [];
    await database.transaction(async (tx) => {
      tx.afterCommit(async () => {
        // The connection is back in the pool: a pool of one answers at once.
        const [row] = await database.query<{ n: number }>('select 7 as n');
        seen.push(`after ${row.n}`);
      });
      await tx.query('select 1');
      seen.push('step');
    });
    expect(seen).toEqual(['step', 'after 7']);

    const rolledBack: string[] = [];
    await expect(
      database.transaction(async (tx) => {
        tx.afterCommit(() => rolledBack.push('ran'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(rolledBack).toEqual([]);

    // A failure of after-commit work cannot undo the commit: the step's result stands.
    await expect(database.transaction(async (tx) => (tx.afterCommit(() => Promise.reject(new Error('queue down'))), 5))).resolves.toBe(5);
  });

  it('lets work started in a step use the pool once the step has ended', async () => {
    let later: Promise<unknown> = Promise.resolve();
    let release!: () => void;
    const ended = new Promise<void>((r) => (release = r));
    await h.ctx.database.transaction(async (tx) => {
      await tx.query('select 1');
      // A fire-and-forget follow-up (a cache fill, a job) that runs after commit.
      later = ended.then(() => h.ctx.database.query<{ ok: number }>('select 1 as ok'));
    });
    release();
    await expect(later).resolves.toEqual([{ ok: 1 }]);
  });

  it('leaves the pool usable after a refused call rolled the step back', async () => {
    await expect(h.ctx.database.transaction(async () => h.ctx.database.query('select 1'))).rejects.toBeInstanceOf(OutsideTransactionError);
    expect(await h.ctx.database.query<{ ok: number }>('select 1 as ok')).toEqual([{ ok: 1 }]);
  });
});

describe('/readyz', () => {
  it('answers 503 in the error envelope when a database query cannot finish, and ready again once it can', async () => {
    expect((await h.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    // Hold the only connection, as a stuck request would: every other database request now waits.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const started = new Promise<void>((r) => (holding = r));
    const tx = h.ctx.database.transaction(async (step) => {
      await step.query('select 1');
      holding();
      await held;
    });
    await started;
    const res = await h.inject({ method: 'GET', url: '/readyz' });
    release();
    await tx;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String), details: [{ path: 'postgres', message: 'no answer within 2 s' }] },
      requestId: expect.any(String),
    });
    expect((await h.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', postgres: true, redis: true });
  });
});

// PostgreSQL keeps its tables' statistics and dead rows in check with
// autovacuum, a background process. The embedded database (PGlite) runs no
// background process: there, no table is ever analyzed or vacuumed. Every plan
// is then made on default guesses, and those guesses go wrong where it hurts.
// The statement that stores a group of ballots (voteRepo.claimByHash), for
// example, takes `voided_at is null` to hold for 0.5 % of the code batches
// and so looks every code up once per batch of the campaign: 74 ms instead of
// 1.8 ms for 20 ballots at 300 batches (docs/benchmarks.md, "The embedded
// database's upkeep"). Dead rows, which the worker leaves one of per ballot,
// would never be cleared either.
//
// So on PGlite the worker role does what autovacuum would, by autovacuum's own
// default thresholds, once a minute (TABLE_UPKEEP_EVERY_MS). On PostgreSQL
// autovacuum does it, and the app's role may not own the tables.
import pg from 'pg';
import type { Database, Queryable } from '../infra/db.js';

// autovacuum's defaults: analyze after 50 + 10 % of the rows changed, vacuum
// after 50 + 20 % of them died. Rows inserted only are left to the analyze:
// vacuuming them would only set visibility bits, and on PGlite a vacuum holds
// the one connection voting needs.
const ANALYZE = { base: 50, share: 0.1 };
const VACUUM = { base: 50, share: 0.2 };

export interface TablesDue {
  analyze: string[];
  vacuum: string[];
}

/** The app's tables whose statistics or dead rows are due, as autovacuum would judge them. */
export async function tablesDue(db: Queryable): Promise<TablesDue> {
  // Each backend sends its counters now and then (PostgreSQL 15: within seconds, when idle).
  const rows = await db.query<{ name: string; analyze: boolean; vacuum: boolean }>(
    `select s.relname as name,
            s.n_mod_since_analyze > $1 + $2 * greatest(c.reltuples, 0) as analyze,
            s.n_dead_tup > $3 + $4 * greatest(c.reltuples, 0) as vacuum
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public'
      order by s.relname`,
    [ANALYZE.base, ANALYZE.share, VACUUM.base, VACUUM.share],
  );
  return { analyze: rows.filter((r) => r.analyze).map((r) => r.name), vacuum: rows.filter((r) => r.vacuum).map((r) => r.name) };
}

/**
 * One pass: each table due is vacuumed (with its statistics) or analyzed, one
 * statement at a time, so that voting waits for one table at most. VACUUM
 * cannot run inside a transaction: call this outside one.
 */
export async function upkeepOnce(db: Database): Promise<TablesDue> {
  const due = await tablesDue(db);
  for (const t of due.vacuum) await db.query(`vacuum (analyze) ${pg.escapeIdentifier(t)}`);
  const analyze = due.analyze.filter((t) => !due.vacuum.includes(t));
  for (const t of analyze) await db.query(`analyze ${pg.escapeIdentifier(t)}`);
  return due;
}

/**
 * On the embedded database, a pass every `everyMs` (TABLE_UPKEEP_EVERY_MS);
 * elsewhere nothing. Its stop waits for a pass still running, so the database
 * is not closed under it.
 */
export function startTableUpkeep(
  db: Database,
  everyMs: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
): () => Promise<void> {
  if (db.kind !== 'pglite') return async () => {};
  let running: Promise<void> | null = null;
  let failing = false;
  const pass = async () => {
    try {
      const done = await upkeepOnce(db);
      if (done.analyze.length || done.vacuum.length) log.info(done, 'tables analyzed and vacuumed');
      failing = false;
    } catch (err) {
      // Said once until a pass succeeds again.
      if (!failing) log.error({ err: String(err) }, 'table upkeep failed');
      failing = true;
    }
  };
  const timer = setInterval(() => {
    running ??= pass().finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

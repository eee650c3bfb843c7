// PostgreSQL keeps its tables' statistics and dead rows in check with
// autovacuum, a background process. The embedded database (PGlite) runs no
// background process: there, no table was ever analyzed or vacuumed (its
// `autovacuum` setting says on; nothing runs it). Every plan was made on
// default guesses (`x is null` holds for 0.5 % of rows, a never-analyzed
// table's rows are guessed from its size), and the dead rows the worker leaves
// (one per ballot it marks processed, one per tally it updates) stayed.
//
// So on PGlite the worker role does what autovacuum would, by autovacuum's own
// default thresholds, every TABLE_UPKEEP_EVERY_MS (60 s). PGlite also keeps no
// activity counters across a restart (they start at zero with each process),
// so what died or changed before it is unknown: the first pass, at start,
// vacuums and analyzes every table once. On PostgreSQL autovacuum does all of
// it, and the app's role may not own the tables.
import pg from 'pg';
import type { Database, Queryable } from './db.js';

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

/** The app's tables (schema-qualified) whose statistics or dead rows are due, as autovacuum would judge them. */
export async function tablesDue(db: Queryable): Promise<TablesDue> {
  // Each backend sends its counters now and then (PostgreSQL 15: within seconds, when idle).
  const rows = await db.query<{ name: string; analyze: boolean; vacuum: boolean }>(
    `select s.schemaname || '.' || s.relname as name,
            s.n_mod_since_analyze > $1 + $2 * greatest(c.reltuples, 0) as analyze,
            s.n_dead_tup > $3 + $4 * greatest(c.reltuples, 0) as vacuum
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public'
      order by s.relname`,
    [ANALYZE.base, ANALYZE.share, VACUUM.base, VACUUM.share],
  );
  return { analyze: rows.filter((r) => r.analyze).map((r) => r.name), vacuum: rows.filter((r) => r.vacuum).map((r) => r.name) };
}

const qualified = (name: string) => name.split('.').map((part) => pg.escapeIdentifier(part)).join('.');

/**
 * One pass: each table due is vacuumed (with its statistics) or analyzed, one
 * statement at a time, so that voting waits for one table at most. VACUUM
 * cannot run inside a transaction: call this outside one.
 */
export async function upkeepOnce(db: Database): Promise<TablesDue> {
  const due = await tablesDue(db);
  for (const t of due.vacuum) await db.query(`vacuum (analyze) ${qualified(t)}`);
  const analyze = due.analyze.filter((t) => !due.vacuum.includes(t));
  for (const t of analyze) await db.query(`analyze ${qualified(t)}`);
  return due;
}

/** The pass at start: every table of the database vacuumed and analyzed (outside a transaction). */
export async function upkeepAll(db: Database): Promise<void> {
  await db.query('vacuum (analyze)');
}

/**
 * On the embedded database, a pass of everything at start and then one every
 * `everyMs`; elsewhere nothing. Its stop waits for a pass still running, so
 * the database is not closed under it.
 */
export function startTableUpkeep(
  db: Database,
  everyMs: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
): () => Promise<void> {
  if (db.kind !== 'pglite') return async () => {};
  let running: Promise<void> | null = null;
  let failing = false;
  const pass = async (all: boolean) => {
    try {
      if (all) {
        // 1.5–1.7 s on a 1,000,000-ballot database, during which voting waits (docs/benchmarks.md, scripts/bench/upkeep.ts).
        await upkeepAll(db);
        log.info({}, 'table upkeep: every table vacuumed and analyzed');
      } else {
        const done = await upkeepOnce(db);
        if (done.analyze.length || done.vacuum.length) log.info(done, 'table upkeep: tables due vacuumed or analyzed');
      }
      failing = false;
    } catch (err) {
      // Said once until a pass succeeds again.
      if (!failing) log.error({ err: String(err) }, 'table upkeep failed');
      failing = true;
    }
  };
  const tick = (all: boolean) => {
    running ??= pass(all).finally(() => (running = null));
  };
  tick(true);
  const timer = setInterval(() => tick(false), everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

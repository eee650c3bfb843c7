// What the embedded database's table upkeep (server/src/infra/table-upkeep.ts)
// costs at a large campaign. PGlite has one connection: while the worker
// vacuums or analyzes a table, voting waits. Measured on a ballots-like table
// (the ballots table's columns, defaults and indexes, without its foreign keys,
// so that a million rows need no campaign, codes or batches) in a fresh PGlite
// under a temporary directory, with the worker's own functions:
//
// - `analyze`: what a pass does once a tenth of the rows changed;
// - `vacuum (analyze)` with just over a fifth of the rows dead, as the worker leaves
//   them (it marks the newest ballots processed): what a pass does once due;
// - the pass at start (every table), after as many died again.
//
// Each is also given as a multiple of a sequential read of the same table in
// the same run (`select count(*)` and a sum over one column), so the figures
// compare across machines. BENCH_ROWS (default 1,000,000) sets the size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite, runMigrations } from '../../server/src/infra/db.js';
import { tablesDue, upkeepAll, upkeepOnce, type TablesDue } from '../../server/src/infra/table-upkeep.js';
import { emit, log, round } from './lib.js';

const ROWS = Math.max(10, Math.round(Number(process.env.BENCH_ROWS ?? 1_000_000) / 10)) * 10;
const CHUNK = 100_000;
/** Just past autovacuum's threshold of a fifth of the rows dead. */
const DEAD_SHARE = 0.21;
const TABLE = 'public.upkeep_bench_ballots';
const DEAD = Math.round(ROWS * DEAD_SHARE);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-bench-upkeep-'));
const db = await openPglite(dir);
try {
  await runMigrations(db);
  const timed = async (what: () => Promise<unknown>) => {
    const started = performance.now();
    await what();
    return performance.now() - started;
  };
  await db.query(`create table ${TABLE} (like ballots including defaults including indexes)`);
  // Ten ratings per ballot, as the submit benchmark's ballots have.
  const fill = async (from: number, to: number) => {
    for (let lo = from; lo <= to; lo += CHUNK) {
      await db.query(
        `insert into ${TABLE} (id, campaign_id, code_id, batch_id, questionnaire_key, group_key, receipt_hash, ratings, answering_ms, device_hash, address_hash, processed_at, counted)
         select g, 1, g, 1, 'survey', 'citizen', decode(md5('r' || g), 'hex'),
                (select jsonb_object_agg('u' || ((g + u * 7) % 200), (array['很满意', '满意', '基本满意', '不满意'])[1 + (g + u) % 4]) from generate_series(1, 10) u),
                60000, decode(md5('d' || g), 'hex'), decode(md5('a' || (g % 5000)), 'hex'), now(), true
           from generate_series($1::bigint, $2::bigint) g`,
        [lo, Math.min(to, lo + CHUNK - 1)],
      );
    }
  };
  // Counters reach pg_stat_user_tables when the backend flushes them, within seconds.
  const untilDue = async (check: (due: TablesDue) => boolean) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      await db.query('select pg_stat_clear_snapshot()');
      const due = await tablesDue(db);
      if (check(due)) return;
    }
    throw new Error(`${TABLE} never came due`);
  };
  log(`filling ${ROWS} rows`);
  const fillMs = await timed(() => fill(1, ROWS - ROWS / 10));
  log(`filled in ${Math.round(fillMs)} ms; the first pass sets the visibility map`);
  await upkeepAll(db);

  // The floor: reading the whole table once, best of three.
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) scans.push(await timed(() => db.query(`select count(*), sum(answering_ms) from ${TABLE}`)));
  const scanMs = Math.min(...scans);

  // The last tenth of the rows arrives, as ballots do: analyze is due.
  await fill(ROWS - ROWS / 10 + 1, ROWS);
  await untilDue((due) => due.analyze.includes(TABLE) && !due.vacuum.includes(TABLE));
  const analyzeMs = await timed(() => upkeepOnce(db));

  // Just over a fifth dead, as the worker leaves them: vacuum is due.
  await db.query(`update ${TABLE} set processed_at = now() where id > $1`, [ROWS - DEAD]);
  await untilDue((due) => due.vacuum.includes(TABLE));
  const vacuumMs = await timed(() => upkeepOnce(db));

  // As many dead again, then the pass at start (every table).
  await db.query(`update ${TABLE} set processed_at = now() where id > $1`, [ROWS - DEAD]);
  const startMs = await timed(() => upkeepAll(db));
  const [{ mb }] = await db.query<{ mb: number }>(`select round(pg_total_relation_size($1) / 1e6)::int as mb`, [TABLE]);

  const common = { rows: ROWS, tableMb: mb, seqReadMs: round(scanMs) };
  emit('upkeep', { figure: 'upkeep_seq_read_ms', value: round(scanMs), unit: 'ms', rows: ROWS, tableMb: mb, fillMs: Math.round(fillMs), note: 'the floor: one read of the whole table' });
  emit('upkeep', { figure: 'upkeep_analyze_ms', value: round(analyzeMs), unit: 'ms', timesSeqRead: round(analyzeMs / scanMs, 2), ...common });
  emit('upkeep', { figure: 'upkeep_vacuum_due_ms', value: round(vacuumMs), unit: 'ms', timesSeqRead: round(vacuumMs / scanMs, 2), deadShare: DEAD_SHARE, ...common });
  emit('upkeep', { figure: 'upkeep_start_pass_ms', value: round(startMs), unit: 'ms', timesSeqRead: round(startMs / scanMs, 2), deadShare: DEAD_SHARE, ...common });
} finally {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

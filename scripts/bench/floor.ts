// The floor and the ceiling of this machine, measured in the same run as the
// project's submit figures (issue 11), so that the project's ballots/s can be
// given as a share of what this machine can do at all:
//   ceiling     the same load client against a bare node:http server answering 201 with an empty body;
//   floor       a bare node:http server storing the same ballots with the project's own claim-and-insert
//               statement, one group in flight, 201 after COMMIT (floor-server.ts says what it leaves out);
//   floor-read  the floor plus the project's read of the codes' states per group (two round trips).
// submit.ts runs them after the project's own measurement, with the api and
// the worker stopped, each on fresh codes of its own campaign in the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../build-server.js';
import { freePort } from '../../server/src/infra/redis-locate.js';
import { closedLoop, type LoadRequest, type LoadResult } from './load.js';
import { httpRequest, log, percentile, round, ROOT, waitForApi, type Bench } from './lib.js';
import { awaitQuiet, cpuWindow } from './measure.js';

export type BareMode = 'ceiling' | 'floor' | 'floor-read' | 'floor-by-hash' | 'static';

export interface Bare {
  mode: BareMode;
  port: number;
  pid: number;
  /** Groups and ballots the floor has stored so far. */
  stats(): Promise<{ groups: number; ballots: number; stored: number; dbMs: number }>;
  stop(): Promise<void>;
}

const DIST = path.join(import.meta.dirname, 'dist');
let built: Promise<unknown> | undefined;

/**
 * Builds floor-server.ts as the server is built (one ES module, packages
 * imported) and starts it as its own node process. The floor needs the
 * campaign whose codes it stores, and the database and secret of the api.
 */
export async function startBare(opts: {
  name: string;
  mode: BareMode;
  databaseUrl: string;
  appSecret: string;
  campaignId?: number;
  /** For `static`: the answer's bytes, their encoding and ETag. */
  staticAnswer?: { file: string; encoding: string; etag: string };
}): Promise<Bare> {
  const { mode } = opts;
  await (built ??= buildServer(DIST, { entryPoints: { 'floor-server': path.join(import.meta.dirname, 'floor-server.ts') } }));
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `minping-bench-${opts.name}-${mode}.log`);
  const out = fs.openSync(logFile, 'w');
  // As the api is run (lib.ts serverCommand); BENCH_FLOOR_NODE_ARGS to profile it.
  const nodeArgs = (process.env.BENCH_FLOOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--max-semi-space-size=16', path.join(DIST, 'floor-server.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      FLOOR_MODE: mode,
      PORT: String(port),
      DATABASE_URL: opts.databaseUrl,
      APP_SECRET: opts.appSecret,
      FLOOR_CAMPAIGN_ID: String(opts.campaignId ?? ''),
      ...(opts.staticAnswer ? { FLOOR_STATIC_FILE: opts.staticAnswer.file, FLOOR_STATIC_ENCODING: opts.staticAnswer.encoding, FLOOR_STATIC_ETAG: opts.staticAnswer.etag } : {}),
    },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const failed = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${mode} server exited (${code}) during start; see ${logFile}`))));
  failed.catch(() => {});
  await Promise.race([failed, waitForApi(port)]);
  return {
    mode,
    port,
    pid: child.pid!,
    stats: async () => JSON.parse((await httpRequest(port, 'GET', '/stats')).body),
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface BareRun {
  run: LoadResult;
  rate: number;
  cores: Record<string, number>;
  background: number;
  ballotsPerCommit?: number;
  /** Mean wait for the database's answers per group (read and statement, as the server's event loop sees it). */
  dbMsPerGroup?: number;
}

/**
 * The same load as the project's: `warmup` requests from 16 clients, a quiet
 * moment, then `total` from `clients` closed-loop clients, with the CPU of
 * the bare server ("server"), the client, PostgreSQL and the rest.
 */
export async function loadBare(
  b: Bench,
  bare: Bare,
  opts: { clients: number; warmup: number; total: number; maxMs: number; make(i: number): LoadRequest; onResponse?(i: number, status: number, body: string): void },
): Promise<BareRun> {
  log(`${bare.mode}: warm-up ${opts.warmup}, then ${opts.total} from ${opts.clients} clients`);
  await closedLoop({ port: bare.port, concurrency: 16, total: opts.warmup, maxMs: 60_000, make: opts.make, onResponse: opts.onResponse });
  const background = await awaitQuiet();
  const before = bare.mode === 'ceiling' ? null : await bare.stats();
  const cpu = cpuWindow(b, { server: bare.pid });
  const run = await closedLoop({ port: bare.port, concurrency: opts.clients, total: opts.total, maxMs: opts.maxMs, make: (i) => opts.make(opts.warmup + i), onResponse: opts.onResponse });
  const cores = cpu.stop();
  const after = bare.mode === 'ceiling' ? null : await bare.stats();
  const ok = run.statuses['201'] ?? 0;
  return {
    run,
    rate: ok / (run.elapsedMs / 1000),
    cores,
    background,
    ballotsPerCommit: before && after ? round((after.ballots - before.ballots) / (after.groups - before.groups), 1) : undefined,
    dbMsPerGroup: before && after ? round((after.dbMs - before.dbMs) / (after.groups - before.groups), 2) : undefined,
  };
}

/** p50, p90, p99, p99.9 and max of a run, in ms. */
export function latencies(run: LoadResult) {
  const p = (x: number) => round(percentile(run.latencies, x), 1);
  return { p50: p(50), p90: p(90), p99: p(99), p999: p(99.9), max: p(100) };
}

/** Each ballot the floor answered 201 for is stored exactly once, and nothing else is stored in its campaign. */
export async function floorStoredOnce(b: Bench, campaignId: number, receiptHashes: string[]) {
  const [stored] = await b.database.query<{ n: number; codes: number }>(`select count(*)::int as n, count(distinct code_id)::int as codes from ballots where campaign_id = $1`, [campaignId]);
  const [missing] = await b.database.query<{ n: number }>(
    `select count(*)::int as n from unnest($1::text[]) h where not exists (select 1 from ballots where receipt_hash = decode(h, 'hex') and campaign_id = $2)`,
    [receiptHashes, campaignId],
  );
  const [usedWithout] = await b.database.query<{ n: number }>(
    `select count(*)::int as n from codes c join code_batches k on k.id = c.batch_id
      where k.campaign_id = $1 and c.used_at is not null and not exists (select 1 from ballots x where x.code_id = c.id)`,
    [campaignId],
  );
  return {
    inDb: Number(stored.n),
    accepted: receiptHashes.length,
    missing: Number(missing.n),
    codesUsedTwice: Number(stored.n) - Number(stored.codes),
    codesUsedWithoutBallot: Number(usedWithout.n),
  };
}

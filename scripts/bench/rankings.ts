// Target 3: the rankings an admin or evaluator reads (GET …/results), at a
// fixed 500 requests/s, latency counted from when each request was due.
// The answer's size depends on the units (200), not on the ballots, so the
// campaign has 100,000 ballots by default to keep the setup short.
//   npx tsx scripts/bench/rankings.ts   [BENCH_BALLOTS=100000 BENCH_RATE=500 BENCH_SECONDS=30 BENCH_REVALIDATE=1]
// BENCH_REVALIDATE=1 sends the ETag back (If-None-Match), as a browser that
// already holds this version does: every answer must then be a 304.
// Then, with the api stopped, the floor of this machine for the same read: a
// bare node:http server (floor-server.ts, FLOOR_MODE=static) answering the
// api's own encoded bytes and ETag, driven by the same client at the same
// rate (BENCH_FLOOR=0 skips it). The figures compare across machines as
// ratios to it.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import nodePath from 'node:path';
import zlib from 'node:zlib';
import { startBare } from './floor.js';
import { seedCampaign } from './dataset.js';
import { openLoop } from './load.js';
import { APP_SECRET, emit, log, login, percentile, round, withBench, type Bench } from './lib.js';
import { awaitQuiet, cpuWindow, msPer, sampleRss } from './measure.js';
import type { LoadRequest, LoadResult } from './load.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
// What a browser sends; BENCH_ACCEPT_ENCODING=identity measures the uncompressed answer.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br';
const REVALIDATE = process.env.BENCH_REVALIDATE === '1';
const FLOOR = process.env.BENCH_FLOOR !== '0';
const BENCH = 'rankings';

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ body: Buffer; encoding?: string; etag?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'], etag: res.headers.etag }));
      })
      .on('error', reject);
  });
}

await withBench(BENCH, async (b) => {
  await b.start('api');
  await login(b);
  const data = await seedCampaign(b, { key: 'bench-rankings', ballots: BALLOTS, units: 200 });
  const path = `/api/v1/campaigns/${data.key}/results`;
  const first = await b.admin('GET', path);
  if (first.status !== 200) throw new Error(`results: ${first.status} ${first.body.slice(0, 200)}`);
  const bytes = Buffer.byteLength(first.body);
  const headers = { cookie: b.adminCookie, 'accept-encoding': ACCEPT_ENCODING };
  // The size on the wire, and proof that the encoded answer is the same document.
  const encoded = await rawGet(b.port, path, headers);
  const decode = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync, identity: (x: Buffer) => x }[encoded.encoding ?? 'identity'];
  if (!decode) throw new Error(`unexpected content-encoding ${encoded.encoding}`);
  const decoded = decode(encoded.body).toString('utf8');
  if (decoded !== first.body) throw new Error('the encoded answer differs from the plain one');
  if (REVALIDATE && !encoded.etag) throw new Error('no ETag to revalidate with');
  const sent = REVALIDATE ? { ...headers, 'if-none-match': encoded.etag! } : headers;
  const make = () => ({ method: 'GET', path, headers: sent });
  const expected = REVALIDATE ? { status: 304, size: 0 } : { status: 200, size: encoded.body.length };

  const project = await measure(b, b.port, b.api!.pid, 'api', make, expected);
  const memory = project.rss!;
  const { run, cores, background, wrong } = project;
  const p = (x: number) => round(percentile(run.latencies, x), 2);
  const achieved = run.completed / (run.elapsedMs / 1000);
  emit(BENCH, {
    figure: 'rankings_read_p99_ms',
    value: p(99),
    unit: 'ms',
    target: '<= 10 at 500/s',
    pass: p(99) <= 10 && wrong === 0 && run.errors === 0 && RATE >= 500,
    rate: RATE,
    achievedPerS: round(achieved, 0),
    requests: run.sent,
    p50: p(50),
    p90: p(90),
    p999: p(99.9),
    max: p(100),
    statuses: run.statuses,
    errors: run.errors,
    wrongBodies: wrong,
    responseBytes: bytes,
    wireBytes: encoded.body.length,
    contentEncoding: encoded.encoding ?? 'identity',
    revalidate: REVALIDATE,
    apiRssMaxMb: round(memory.maxMb, 0),
    cores,
    msPerRequest: msPer(cores, achieved),
    backgroundBefore: background,
  });

  if (!FLOOR) return;
  await b.stop('api');
  const file = nodePath.join(os.tmpdir(), `minping-bench-rankings-answer-${process.pid}`);
  fs.writeFileSync(file, encoded.body);
  const bare = await startBare({
    name: BENCH,
    mode: 'static',
    databaseUrl: '',
    appSecret: APP_SECRET,
    staticAnswer: { file, encoding: encoded.encoding ?? 'identity', etag: encoded.etag ?? '"x"' },
  });
  try {
    const floor = await measure(b, bare.port, bare.pid, 'server', make, expected);
    const q = (x: number) => round(percentile(floor.run.latencies, x), 2);
    const floorRate = floor.run.completed / (floor.run.elapsedMs / 1000);
    emit(BENCH, {
      figure: 'rankings_floor_p99_ms',
      value: q(99),
      unit: 'ms',
      rate: RATE,
      achievedPerS: round(floorRate, 0),
      p50: q(50),
      p90: q(90),
      p999: q(99.9),
      max: q(100),
      statuses: floor.run.statuses,
      errors: floor.run.errors,
      wrongBodies: floor.wrong,
      cores: floor.cores,
      msPerRequest: msPer(floor.cores, floorRate),
      backgroundBefore: floor.background,
    });
    const apiMs = msPer(cores, achieved).api;
    const floorMs = msPer(floor.cores, floorRate).server;
    emit(BENCH, {
      figure: 'rankings_over_floor',
      value: round(p(99) / q(99), 2),
      unit: 'ratio of p99s (project / floor)',
      p50Ratio: round(p(50) / q(50), 2),
      p90Ratio: round(p(90) / q(90), 2),
      serverCpuRatio: round(apiMs / floorMs, 2),
      serverMsPerRequest: { api: apiMs, floor: floorMs },
      otherCores: { project: cores.other, floor: floor.cores.other },
      comparable: cores.other <= 0.2 && floor.cores.other <= 0.2,
    });
  } finally {
    await bare.stop();
    fs.rmSync(file, { force: true });
  }
});

/** A warm-up, a quiet moment, then RATE requests/s for SECONDS s against `port`, with the CPU of the server's `pid` as `role`. */
async function measure(b: Bench, port: number, pid: number, role: string, make: () => LoadRequest, expected: { status: number; size: number }) {
  log(`${role}: warm-up, 5 s at the same rate`);
  await openLoop({ port, concurrency: 64, rate: RATE, durationMs: 5000, make });
  const background = await awaitQuiet();
  log(`${role}: measuring ${RATE} requests/s for ${SECONDS} s`);
  const rss = role === 'api' ? sampleRss(pid) : null;
  const cpu = cpuWindow(b, { [role]: pid });
  let wrong = 0;
  const run: LoadResult & { sent: number } = await openLoop({
    port,
    concurrency: 64,
    rate: RATE,
    durationMs: SECONDS * 1000,
    make,
    bytesOnly: true,
    onResponse: (_i, status, _body, size) => {
      if (status !== expected.status || size !== expected.size) wrong++;
    },
  });
  return { rss: rss?.stop(), cores: cpu.stop(), run, background, wrong };
}

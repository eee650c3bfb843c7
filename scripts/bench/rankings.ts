// Target 3: the rankings an admin or evaluator reads (GET …/results), at a
// fixed 500 requests/s, latency counted from when each request was due.
// The answer's size depends on the units (200), not on the ballots, so the
// campaign has 100,000 ballots by default to keep the setup short.
//   npx tsx scripts/bench/rankings.ts   [BENCH_BALLOTS=100000 BENCH_RATE=500 BENCH_SECONDS=30 BENCH_REVALIDATE=1]
// BENCH_REVALIDATE=1 sends the ETag back (If-None-Match), as a browser that
// already holds this version does: every answer must then be a 304.
import http from 'node:http';
import zlib from 'node:zlib';
import { seedCampaign } from './dataset.js';
import { openLoop } from './load.js';
import { emit, log, login, percentile, round, withBench } from './lib.js';
import { awaitQuiet, cpuWindow, sampleRss } from './measure.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
// What a browser sends; BENCH_ACCEPT_ENCODING=identity measures the uncompressed answer.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br';
const REVALIDATE = process.env.BENCH_REVALIDATE === '1';
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

  log('warm-up: 5 s at the same rate');
  await openLoop({ port: b.port, concurrency: 64, rate: RATE, durationMs: 5000, make });
  const background = await awaitQuiet();
  log(`measuring: ${RATE} requests/s for ${SECONDS} s`);
  const rss = sampleRss(b.api!.pid);
  const cpu = cpuWindow(b);
  let wrong = 0;
  const run = await openLoop({
    port: b.port,
    concurrency: 64,
    rate: RATE,
    durationMs: SECONDS * 1000,
    make,
    bytesOnly: true,
    onResponse: (_i, status, _body, size) => {
      if (status !== expected.status || size !== expected.size) wrong++;
    },
  });
  const memory = rss.stop();
  const cores = cpu.stop();
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
    backgroundBefore: background,
  });
});

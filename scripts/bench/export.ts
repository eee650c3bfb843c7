// Target 4: all 1,000,000 ballots of a 200-unit campaign as one streamed CSV
// download (GET …/ballots.csv), with the api's resident memory sampled every
// 250 ms. "Flat" is checked the way it matters: a fresh api exporting ten
// times the rows (1,000,000 vs 100,000) must not need ten times the memory,
// nor anything near it. V8 lets its heap rise and fall by tens of MB under
// any heavy allocation (a sawtooth of garbage between full collections), so
// the bar is +25% at the peak; an export that held its rows would need
// hundreds of MB more.
//   npx tsx scripts/bench/export.ts   [BENCH_BALLOTS=1000000]
import http from 'node:http';
import { seedCampaign } from './dataset.js';
import { emit, log, login, round, withBench, type Bench } from './lib.js';
import { awaitQuiet, cpuWindow, rssMb, sampleRss } from './measure.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 1_000_000);
const SMALL = Math.round(BALLOTS / 10);
const BENCH = 'export';

/** Downloads and counts CSV records (newlines outside quotes) without keeping the body. */
function download(port: number, path: string, cookie: string) {
  return new Promise<{ status: number; bytes: number; records: number; firstByteMs: number; header: string }>((resolve, reject) => {
    const t0 = performance.now();
    http
      .get({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
        let bytes = 0;
        let records = 0;
        let quoted = false;
        let firstByteMs = NaN;
        let header = '';
        res.on('data', (c: Buffer) => {
          if (!bytes) firstByteMs = performance.now() - t0;
          if (header.length < 4096) header += c.subarray(0, 4096).toString('utf8');
          bytes += c.length;
          for (let i = 0; i < c.length; i++) {
            const x = c[i];
            if (x === 0x22) quoted = !quoted;
            else if (x === 0x0a && !quoted) records++;
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, records, firstByteMs, header: header.split('\n')[0] }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** One export by a freshly started api, so every run starts from the same memory. */
async function exportOnce(b: Bench, key: string) {
  await b.start('api');
  await login(b);
  const background = await awaitQuiet();
  const rssBefore = rssMb(b.api!.pid) ?? NaN;
  const rss = sampleRss(b.api!.pid);
  const cpu = cpuWindow(b);
  const t0 = performance.now();
  const res = await download(b.port, `/api/v1/campaigns/${key}/ballots.csv`, b.adminCookie);
  const seconds = (performance.now() - t0) / 1000;
  return { res, seconds, cores: cpu.stop(), memory: rss.stop(), rssBefore, background };
}

await withBench(BENCH, async (b) => {
  await b.start('api');
  await login(b);
  const big = await seedCampaign(b, { key: 'bench-export', ballots: BALLOTS, units: 200 });
  const small = await seedCampaign(b, { key: 'bench-export-small', ballots: SMALL, units: 200 });

  log(`exporting ${SMALL} ballots`);
  const s = await exportOnce(b, small.key);
  log(`exporting ${BALLOTS} ballots`);
  const x = await exportOnce(b, big.key);
  const rows = x.res.records - 1;
  const columns = x.res.header.split(',').length;
  const ok = x.res.status === 200 && rows === BALLOTS && columns === 8 + 200 + 2 && s.res.records - 1 === SMALL;
  emit(BENCH, {
    figure: 'export_csv_s',
    value: round(x.seconds, 1),
    unit: 's',
    target: '< 60',
    pass: ok && x.seconds < 60,
    status: x.res.status,
    rows,
    columns,
    megabytes: round(x.res.bytes / 1048576, 0),
    rowsPerS: round(rows / x.seconds, 0),
    firstByteMs: round(x.res.firstByteMs, 0),
    cores: x.cores,
    backgroundBefore: x.background,
  });
  const extra = x.memory.maxMb - s.memory.maxMb;
  emit(BENCH, {
    figure: 'export_api_rss_peak_mb',
    value: round(x.memory.maxMb, 0),
    unit: 'MB',
    target: 'flat: 10x the rows, peak within +25%',
    pass: x.memory.maxMb <= s.memory.maxMb * 1.25,
    rows,
    peakFor100kMb: round(s.memory.maxMb, 0),
    extraFor10xRowsMb: round(extra, 0),
    rssBeforeMb: round(x.rssBefore, 0),
    rssAfterMb: round(x.memory.lastMb, 0),
    everySecondMb: x.memory.series.filter((_, i) => i % 4 === 0).map((v) => round(v, 0)),
    smallExport: { rows: s.res.records - 1, seconds: round(s.seconds, 1), rssBeforeMb: round(s.rssBefore, 0), everySecondMb: s.memory.series.filter((_, i) => i % 4 === 0).map((v) => round(v, 0)) },
  });
});

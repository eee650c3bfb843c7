// Target 2: scores of a campaign with 200 units and 1,000,000 ballots,
// recomputed through the admin endpoint, from the running tallies and as a
// full rebuild from every raw ballot; both must give the same result.
//   npx tsx scripts/bench/recompute.ts   [BENCH_BALLOTS=1000000 BENCH_UNITS=200]
import { seedCampaign } from './dataset.js';
import { emit, log, login, percentile, round, withBench, type Bench } from './lib.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 1_000_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const BENCH = 'recompute';

async function recompute(b: Bench, key: string, from: 'tallies' | 'ballots') {
  const t0 = performance.now();
  const res = await b.admin('POST', `/api/v1/campaigns/${key}/results/recompute`, { from });
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`recompute from ${from} failed: ${res.status} ${res.body.slice(0, 300)}`);
  return { ms, body: JSON.parse(res.body) as { result: unknown; ballotsCounted: number } };
}

await withBench(BENCH, async (b) => {
  // No worker: its reconciler would recompute the same campaign alongside.
  await b.start('api');
  await login(b);
  const data = await seedCampaign(b, { key: 'bench-million', ballots: BALLOTS, units: UNITS });
  emit(BENCH, { figure: 'dataset', value: BALLOTS, unit: 'ballots', units: UNITS, seedSeconds: round(data.seedSeconds, 0) });

  log('recompute from tallies');
  const fromTallies: number[] = [];
  let tallyResult: unknown = null;
  for (let i = 0; i < 7; i++) {
    const r = await recompute(b, data.key, 'tallies');
    fromTallies.push(r.ms);
    tallyResult = r.body.result;
  }
  const sorted = [...fromTallies].sort((x, y) => x - y);
  emit(BENCH, {
    figure: 'recompute_from_tallies_ms',
    value: round(percentile(sorted, 50), 0),
    unit: 'ms (median of 7)',
    target: '< 1000',
    pass: sorted[sorted.length - 1] < 1000,
    first: round(fromTallies[0], 0),
    max: round(sorted[sorted.length - 1], 0),
    runs: fromTallies.map((x) => round(x, 0)),
  });

  log('full rebuild from raw ballots');
  const rebuilds: number[] = [];
  let rebuildResult: unknown = null;
  for (let i = 0; i < 2; i++) {
    const r = await recompute(b, data.key, 'ballots');
    rebuilds.push(r.ms);
    rebuildResult = r.body.result;
  }
  emit(BENCH, {
    figure: 'rebuild_from_ballots_ms',
    value: round(Math.max(...rebuilds), 0),
    unit: 'ms (worst of 2)',
    target: '< 60000',
    pass: Math.max(...rebuilds) < 60_000,
    runs: rebuilds.map((x) => round(x, 0)),
  });
  const same = JSON.stringify(tallyResult) === JSON.stringify(rebuildResult);
  emit(BENCH, { figure: 'tallies_result_equals_rebuild', value: same ? 1 : 0, unit: 'bool', target: '= 1', pass: same });
});

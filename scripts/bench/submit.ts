// Target 1 and 5: ballots submitted over HTTP by many concurrent clients to a
// separate api process, processed by a separate worker process; then drained
// and checked (every accepted ballot stored once, tallies = a full recount).
//   npx tsx scripts/bench/submit.ts   [BENCH_BALLOTS=50000 BENCH_CLIENTS=128 BENCH_API_PROCESSES=1]
// Clients are closed-loop: each sends its next ballot as soon as the last is
// answered. docs/benchmarks.md also gives the figures for 64. With
// BENCH_API_PROCESSES=N the api runs as N processes (one worker still) and the
// clients are dealt out over them round-robin; every figure names N.
// Then, in the same run (issue 11; BENCH_FLOOR=0 skips it), the machine's
// floor and the client's ceiling (floor.ts), and the project's ballots/s as
// a share of the floor: a figure that compares across machines.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { normalizeCode } from '@minping/shared/codes';
import { closedLoop } from './load.js';
import { benchSpec, GROUPS, OPTIONS, PROBLEMS, unitKey } from './campaign.js';
import { floorStoredOnce, latencies, loadBare, startBare, type BareMode, type BareRun } from './floor.js';
import { APP_SECRET, BENCH_DB, dbUrl, emit, log, login, percentile, REDIS_URL, round, withBench, type Bench, type Figure } from './lib.js';
import { tallyMismatches } from './recount.js';
import { awaitQuiet, counter, cpuSeconds, cpuWindow, heapMb, histogram, msPer, rssMb, sampleRss } from './measure.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 50_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 128);
// Warm-up ballots before each server's measured runs. 1,000 (until issue 11's
// last round) left the api cold: its first run of 20,000 came out 10–30 %
// under its second. With 5,000 the two agree, and the floor gets as many.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5_000);
const UNITS = 10;
const MAX_MS = 300_000;
const API_PROCESSES = Math.max(1, Number(process.env.BENCH_API_PROCESSES ?? 1));
const BENCH = 'submit';
/** Every figure says how many api processes served it. */
const out = (f: Figure) => emit(BENCH, { ...f, apiProcesses: API_PROCESSES });
const FLOOR = process.env.BENCH_FLOOR !== '0';
/** Also the floor with the project's read of the codes' states per group: what that round trip costs. */
const FLOOR_READ = FLOOR && process.env.BENCH_FLOOR_READ !== '0';
/** Also the floor storing by hash with the project's claimByHash (one round trip, the codes found by the statement). */
const FLOOR_BY_HASH = FLOOR && process.env.BENCH_FLOOR_BY_HASH !== '0';
/**
 * Floor runs, each on codes of its own, the best taken: the floor is what the
 * machine can do, and other work on a shared box only ever lowers it (a floor
 * run is a few seconds; one burst of someone else's build halves it).
 */
const FLOOR_RUNS = FLOOR ? Math.max(1, Number(process.env.BENCH_FLOOR_RUNS ?? 2)) : 0;
/**
 * The project's measured runs, each on BALLOTS codes of its own, the best
 * taken for the same reason; as many as the floor's, so the share compares
 * like with like (until issue 11's last round the project had one run against
 * the floor's best of two, which leaned the share low).
 */
const PROJECT_RUNS = Math.max(1, Number(process.env.BENCH_PROJECT_RUNS ?? Math.max(1, FLOOR_RUNS)));

/**
 * Code batches per campaign (BENCH_BATCHES): by default three, one per group,
 * as a small office issues them; an office that issues per township or
 * service window has hundreds, which the statement that stores a group of
 * ballots must not pay for per batch (docs/benchmarks.md, "Many code batches").
 */
const BATCHES = Math.max(3, Math.floor(Number(process.env.BENCH_BATCHES ?? 3)) || 3);

/** Codes for `n` ballots, spread over the three groups, issued the way an admin does (batch, then its CSV). */
async function issueCodes(b: Bench, key: string, n: number): Promise<string[]> {
  // Three batches: 50/30/20 % over the groups; more: as equal as whole codes allow.
  const ends = BATCHES === 3 ? [0.5, 0.8, 1].map((e) => Math.round(n * e)) : Array.from({ length: BATCHES }, (_, i) => Math.floor(((i + 1) * n) / BATCHES));
  const codes: string[] = [];
  for (const [i, end] of ends.entries()) {
    const size = end - (i === 0 ? 0 : ends[i - 1]);
    const res = await b.admin('POST', `/api/v1/campaigns/${key}/code-batches`, { questionnaire: 'survey', group: GROUPS[i % GROUPS.length], size });
    if (res.status !== 201) throw new Error(`batch failed: ${res.body}`);
    const id = JSON.parse(res.body).id;
    for (;;) {
      const batch = JSON.parse((await b.admin('GET', `/api/v1/campaigns/${key}/code-batches/${id}`)).body);
      if (batch.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const csv = await b.admin('GET', `/api/v1/campaigns/${key}/code-batches/${id}/codes.csv`);
    codes.push(...csv.body.replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
  }
  return codes;
}

/** A plausible ballot: all 10 units rated, a problem ticked on some, a comment on a few. */
function ballotBody(i: number): Buffer {
  const r = crypto.createHash('sha256').update(`ballot-${i}`).digest();
  const ratings: Record<string, string> = {};
  for (let u = 0; u < UNITS; u++) ratings[unitKey(u)] = OPTIONS[r[u] % (r[u] < 24 ? 4 : 3)];
  const body: Record<string, unknown> = { ratings, answeringMs: 20_000 + (r.readUInt32BE(12) % 580_000), deviceId: crypto.randomUUID() };
  if (r[16] % 10 === 0) body.problems = { [unitKey(r[17] % UNITS)]: r[18] % 2 ? [PROBLEMS[r[19] % 6]] : [PROBLEMS[r[19] % 6], PROBLEMS[(r[19] + 1) % 6]] };
  if (r[20] % 20 === 0) body.comment = r[21] % 2 ? '窗口人员态度很好，办事效率高。' : 'Queue was long, "very" long,\nplease add a window';
  return Buffer.from(JSON.stringify(body));
}

async function drain(b: Bench, timeoutMs = 900_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [r] = await b.database.query<{ n: number }>(`select count(*)::int as n from ballots where processed_at is null`);
    if (Number(r.n) === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) throw new Error(`${r.n} ballots still unprocessed after ${timeoutMs / 1000} s`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Calls per command on the whole Redis server so far (INFO commandstats). */
async function redisCalls(redis: Redis): Promise<Record<string, number>> {
  const text = await redis.info('commandstats');
  return Object.fromEntries([...text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
}

await withBench(BENCH, async (b) => {
  await b.start('api');
  await b.start('worker');
  await login(b);
  const key = 'bench-submit';
  const campaignId = await b.openCampaign(benchSpec(key, UNITS));
  log(`issuing ${WARMUP + BALLOTS * PROJECT_RUNS} codes`);
  const codes = await issueCodes(b, key, WARMUP + BALLOTS * PROJECT_RUNS);
  const bodies = codes.map((_, i) => ballotBody(i));
  const keys = codes.map(() => crypto.randomUUID());
  // The floor's codes: the same number, issued the same way, each set in a campaign of its own.
  // Run order: floor, floor-read, floor, ... (the floor's runs apart in time).
  const floorSets: { mode: BareMode; campaignId: number; codes: string[] }[] = [];
  const modes: BareMode[] = Array.from({ length: FLOOR_RUNS }, () => 'floor');
  if (FLOOR_READ) modes.splice(1, 0, 'floor-read');
  if (FLOOR_BY_HASH) modes.splice(modes.length - 1, 0, 'floor-by-hash');
  for (const [n, mode] of modes.entries()) {
    const campaignKey = `bench-${mode}-${n + 1}`;
    // Units of their own: the project's ballots must fit its campaign alone,
    // as a city's do, or the api would read every code before storing it (the
    // committer stores by hash only a ballot that fits exactly one open
    // campaign); once they fitted all of these. The bare servers do not check
    // answers.
    const campaignId = await b.openCampaign(benchSpec(campaignKey, UNITS, 'f'));
    log(`issuing ${WARMUP + BALLOTS} codes for ${campaignKey}`);
    floorSets.push({ mode, campaignId, codes: await issueCodes(b, campaignKey, WARMUP + BALLOTS) });
  }
  // A fresh api for the votes: what it holds from exporting the codes (days
  // before voting, in real life) is not the submission load's memory.
  const apis = await b.startApis(API_PROCESSES);
  const ports = apis.map((a) => a.port!);
  const receipts: string[] = [];
  const onResponse = (_i: number, status: number, body: string) => {
    if (status === 201) receipts.push(JSON.parse(body).receipt);
  };

  log(`warm-up: ${WARMUP} ballots`);
  // As the voter's page does: a random Idempotency-Key per ballot, kept across its retries.
  const vote = (i: number) => ({ method: 'POST', path: `/api/v1/vote/${codes[i]}`, body: bodies[i], headers: { 'idempotency-key': keys[i] } });
  const warm = await closedLoop({ port: b.port, ports, concurrency: 16, total: WARMUP, maxMs: 60_000, make: vote, onResponse });
  log(`warm-up done: ${JSON.stringify(warm.statuses)}`);

  /** One measured run: BALLOTS ballots from CLIENTS clients, on the codes after `offset`. */
  const measureRun = async (offset: number) => {
    log(`measuring ${BALLOTS} ballots from ${CLIENTS} clients`);
    const background = await awaitQuiet();
    const redis = new Redis(REDIS_URL);
    const redis0 = await redisCalls(redis);
    const groups0 = await histogram(b, 'minping_submit_group_size');
    const read0 = await counter(b, 'minping_submit_codes_read_total');
    const rssAtStart = Math.max(...apis.map((a) => rssMb(a.pid) ?? NaN));
    const rss = apis.map((a) => sampleRss(a.pid));
    const cpu = cpuWindow(b);
    const apiCpu0 = apis.map((a) => cpuSeconds(a.pid));
    const run = await closedLoop({
      port: b.port,
      ports,
      concurrency: CLIENTS,
      total: BALLOTS,
      maxMs: MAX_MS,
      make: (i) => vote(offset + i),
      onResponse,
    });
    const seconds = run.elapsedMs / 1000;
    const cores = cpu.stop();
    const backends = await b.database.query<{ pid: number; app: string }>(`select pid, application_name as app from pg_stat_activity`);
    const postgresBy = cpu.postgresBy(new Map(backends.map((r) => [r.pid, r.app])));
    const apiCores = apis.map((a, i) => round((cpuSeconds(a.pid) - apiCpu0[i]) / seconds, 2));
    const memories = rss.map((r) => r.stop());
    const redis1 = await redisCalls(redis);
    redis.disconnect();
    const groups1 = await histogram(b, 'minping_submit_group_size');
    const codesRead = (await counter(b, 'minping_submit_codes_read_total')) - read0;
    const accepted = run.statuses['201'] ?? 0;
    return { run, seconds, cores, postgresBy, apiCores, memories, rssAtStart, redis0, redis1, groups0, groups1, codesRead, background, accepted, rate: accepted / seconds };
  };
  const runs: Awaited<ReturnType<typeof measureRun>>[] = [];
  for (let r = 0; r < PROJECT_RUNS; r++) runs.push(await measureRun(WARMUP + r * BALLOTS));
  // The best run speaks for the project, as the best floor run for the floor; memory is the most any run held.
  const best = runs.reduce((a, r) => (r.rate > a.rate ? r : a));
  const { run, seconds, cores, postgresBy, apiCores, rssAtStart, redis0, redis1, groups0, groups1, background, rate } = best;
  const memories = runs.flatMap((r) => r.memories);
  const memory = memories.reduce((a, m) => (m.maxMb > a.maxMb ? m : a));
  const heap = await heapMb(b);
  const [pendingAtEnd] = await b.database.query<{ n: number }>(`select count(*)::int as n from ballots where processed_at is null`);

  const accepted = runs.reduce((n, r) => n + r.accepted, 0);
  const p = (x: number) => round(percentile(run.latencies, x), 1);
  out({
    figure: 'accepted_ballots_per_s',
    value: round(rate, 0),
    unit: 'ballots/s',
    target: '>= 5000',
    pass: rate >= 5000 && accepted === BALLOTS * PROJECT_RUNS,
    accepted,
    sent: runs.reduce((n, r) => n + r.run.completed + r.run.errors, 0),
    statuses: run.statuses,
    errors: runs.reduce((n, r) => n + r.run.errors, 0),
    seconds: round(seconds, 2),
    clients: CLIENTS,
    unitsPerBallot: UNITS,
    codeBatchesPerCampaign: BATCHES,
    runs: runs.map((r) => ({ ballotsPerS: round(r.rate, 0), p99: round(percentile(r.run.latencies, 99), 1), otherCores: r.cores.other, statuses: r.run.statuses, apiRssMaxMb: round(Math.max(...r.memories.map((m) => m.maxMb)), 0) })),
  });
  out({ figure: 'submit_latency_p99_ms', value: p(99), unit: 'ms', target: '<= 100', pass: runs.every((r) => percentile(r.run.latencies, 99) <= 100), p50: p(50), p90: p(90), p999: p(99.9), max: p(100) });
  // Per process (the largest); with several, also what they hold together.
  out({
    figure: 'api_rss_max_mb',
    value: round(memory.maxMb, 0),
    unit: 'MB',
    target: '<= 250',
    pass: memory.maxMb <= 250,
    lastMb: round(runs.at(-1)!.memories.reduce((a, m) => Math.max(a, m.lastMb), 0), 0),
    atStartMb: round(rssAtStart, 0),
    samples: memory.samples,
    heapAtEndMb: heap,
    ...(apis.length > 1
      ? { perProcessMaxMb: apis.map((_, i) => round(Math.max(...runs.map((r) => r.memories[i].maxMb)), 0)), allProcessesMb: round(runs.at(-1)!.memories.reduce((s, m) => s + m.lastMb, 0), 0) }
      : {}),
  });
  const { busy, ...where } = cores;
  out({ figure: 'cpu_cores_busy', value: busy, unit: 'cores (of 2)', ...where, ...(apis.length > 1 ? { perApiProcess: apiCores } : {}), postgresBy, backgroundBefore: background, msPerBallot: msPer(cores, rate) });
  // What Redis is asked per ballot. INFO counts the whole server: another user of it during the run adds to this.
  const redisByCommand = Object.fromEntries(
    Object.entries(redis1)
      .map(([c, n]) => [c, round((n - (redis0[c] ?? 0)) / best.accepted, 2)] as const)
      .filter(([c, n]) => n > 0 && c !== 'info'),
  );
  out({ figure: 'redis_commands_per_ballot', value: round(Object.values(redisByCommand).reduce((x, y) => x + y, 0), 2), unit: 'commands', byCommand: redisByCommand });

  // Fresh codes and answers that fit one open campaign: the api stores each by its code's hash in
  // one statement, reading no code first. Before docs/benchmarks.md "The worker's share at a peak" the
  // floor's campaigns fitted the project's ballots too, and every code was read without a figure saying so.
  out({ figure: 'codes_read_per_ballot', value: round(best.codesRead / best.accepted, 3), unit: 'ratio', target: '= 0', pass: best.codesRead === 0 });

  const commits = groups1.count - groups0.count;
  out({ figure: 'ballots_per_commit', value: round((groups1.sum - groups0.sum) / commits, 1), unit: 'ballots', commitsPerS: round(commits / seconds, 0) });

  log(`submitted; ${pendingAtEnd.n} ballots still to process; draining`);
  const drainSeconds = await drain(b);
  out({ figure: 'drain_after_load_s', value: round(drainSeconds, 1), unit: 's', unprocessedAtEnd: Number(pendingAtEnd.n) });

  // ---- nothing lost, nothing counted twice --------------------------------
  const [stored] = await b.database.query<{ n: number; codes: number; counted: number; processed: number }>(
    `select count(*)::int as n, count(distinct code_id)::int as codes, count(*) filter (where counted)::int as counted,
            count(*) filter (where processed_at is not null)::int as processed from ballots where campaign_id = $1`,
    [campaignId],
  );
  const acceptedAll = receipts.length;
  const hashes = receipts.map((r) => b.secrets.hashReceipt(normalizeCode(r)).toString('hex'));
  const [missing] = await b.database.query<{ n: number }>(
    `select count(*)::int as n from unnest($1::text[]) h where not exists (select 1 from ballots where receipt_hash = decode(h, 'hex'))`,
    [hashes],
  );
  const [tallied] = await b.database.query<{ n: number }>(`select coalesce(sum(count), 0)::int as n from ballot_tallies where campaign_id = $1`, [campaignId]);
  const mismatch = await tallyMismatches(b.database, campaignId);
  const lost = Number(missing.n);
  const doubleCounted = Number(stored.n) - Number(stored.codes) + Math.max(0, Number(tallied.n) - Number(stored.counted));
  const differing = mismatch.ratings + mismatch.problems + mismatch.ballots;
  out({
    figure: 'ballots_in_db_minus_accepted',
    value: Number(stored.n) - acceptedAll,
    unit: 'ballots',
    target: '= 0',
    pass: Number(stored.n) === acceptedAll,
    inDb: Number(stored.n),
    accepted: acceptedAll,
    warmup: WARMUP,
    processed: Number(stored.processed),
    counted: Number(stored.counted),
  });
  out({ figure: 'lost_ballots', value: lost, unit: 'ballots', target: '= 0', pass: lost === 0 });
  out({ figure: 'double_counted_ballots', value: doubleCounted, unit: 'ballots', target: '= 0', pass: doubleCounted === 0, talliedBallots: Number(tallied.n) });
  out({ figure: 'tally_rows_differing_from_recount', value: differing, unit: 'rows', target: '= 0', pass: differing === 0, ...mismatch });

  // And in the app's own terms: scores from the running tallies = scores rebuilt from every raw ballot.
  await login(b);
  const scores = async (from: string) => {
    const res = await b.admin('POST', `/api/v1/campaigns/${key}/results/recompute`, { from });
    if (res.status !== 200) throw new Error(`recompute from ${from}: ${res.status} ${res.body.slice(0, 200)}`);
    return JSON.stringify(JSON.parse(res.body).result);
  };
  const same = (await scores('tallies')) === (await scores('ballots'));
  out({ figure: 'scores_from_tallies_equal_rebuild', value: same ? 1 : 0, unit: 'bool', target: '= 1', pass: same });
  if (!FLOOR) return;

  // ---- the floor and the ceiling, same database, same client, same requests ----
  // The bare servers run alone: the api and the worker (whose reconciler
  // would pick up the floor's ballots) are stopped first.
  await b.stop('worker');
  await b.stop('api');
  const bareRun = async (mode: BareMode, campaignId?: number, codesOf: string[] = codes) => {
    const bare = await startBare({ name: BENCH, mode, databaseUrl: dbUrl(BENCH_DB), appSecret: APP_SECRET, campaignId });
    const hashes: string[] = [];
    try {
      const result = await loadBare(b, bare, {
        clients: CLIENTS,
        warmup: WARMUP,
        total: BALLOTS,
        maxMs: MAX_MS,
        make: (i) => ({ method: 'POST', path: `/api/v1/vote/${codesOf[i]}`, body: bodies[i], headers: { 'idempotency-key': keys[i] } }),
        onResponse: (_i, status, body) => {
          if (status === 201 && body) hashes.push(b.secrets.hashReceipt(normalizeCode(JSON.parse(body).receipt)).toString('hex'));
        },
      });
      return { ...result, hashes };
    } finally {
      await bare.stop();
    }
  };
  const ceiling = await bareRun('ceiling');
  const ceilingAt = latencies(ceiling.run);
  out({
    figure: 'client_ceiling_req_per_s',
    value: round(ceiling.rate, 0),
    unit: 'requests/s',
    ...ceilingAt,
    statuses: ceiling.run.statuses,
    errors: ceiling.run.errors,
    clients: CLIENTS,
    cores: ceiling.cores,
    msPerRequest: msPer(ceiling.cores, ceiling.rate),
    backgroundBefore: ceiling.background,
  });
  const floorRuns: BareRun[] = [];
  let floorRead: BareRun | undefined;
  let floorByHash: BareRun | undefined;
  for (const set of floorSets) {
    const r = await bareRun(set.mode, set.campaignId, set.codes);
    if (set.mode === 'floor') floorRuns.push(r);
    else if (set.mode === 'floor-read') floorRead = r;
    else floorByHash = r;
    const check = await floorStoredOnce(b, set.campaignId, r.hashes);
    out({
      figure: { floor: 'floor_run_ballots_per_s', 'floor-read': 'floor_with_read_ballots_per_s', 'floor-by-hash': 'floor_by_hash_ballots_per_s' }[set.mode as 'floor'],
      value: round(r.rate, 0),
      unit: 'ballots/s',
      ...latencies(r.run),
      accepted: r.run.statuses['201'] ?? 0,
      statuses: r.run.statuses,
      errors: r.run.errors,
      clients: CLIENTS,
      ballotsPerCommit: r.ballotsPerCommit,
      dbMsPerGroup: r.dbMsPerGroup,
      cores: r.cores,
      msPerBallot: msPer(r.cores, r.rate),
      backgroundBefore: r.background,
    });
    // Warm-up ballots included: everything this floor answered 201 for.
    const wrong = check.inDb - check.accepted + check.missing + check.codesUsedTwice + check.codesUsedWithoutBallot;
    out({ figure: `${set.mode.replaceAll('-', '_')}_ballots_stored_once`, value: wrong, unit: 'ballots wrong', target: '= 0', pass: wrong === 0, ...check });
  }
  const floor = floorRuns.reduce((best, r) => (r.rate > best.rate ? r : best));
  out({
    figure: 'floor_ballots_per_s',
    value: round(floor.rate, 0),
    unit: 'ballots/s',
    p99: latencies(floor.run).p99,
    runs: floorRuns.map((r) => ({ ballotsPerS: round(r.rate, 0), p99: latencies(r.run).p99, otherCores: r.cores.other })),
    clients: CLIENTS,
  });
  const share = rate / floor.rate;
  out({
    figure: 'project_share_of_floor',
    value: round(share, 3),
    unit: 'ratio',
    target: '>= 0.6 (with p99 <= 100 ms)',
    pass: share >= 0.6 && p(99) <= 100,
    project: round(rate, 0),
    projectP99: p(99),
    floor: round(floor.rate, 0),
    floorP99: latencies(floor.run).p99,
    floorWithRead: floorRead ? round(floorRead.rate, 0) : undefined,
    floorByHash: floorByHash ? round(floorByHash.rate, 0) : undefined,
    projectRuns: runs.map((r) => round(r.rate, 0)),
    // As this figure was defined before the project had runs of its own to match the floor's: its first run against the best floor.
    shareOfFirstRun: round(runs[0].rate / floor.rate, 3),
    ceiling: round(ceiling.rate, 0),
    floorShareOfCeiling: round(floor.rate / ceiling.rate, 3),
    // Cores other work took during each run: a share from runs that differ here compares unlike with unlike.
    otherCores: { project: cores.other, floor: floor.cores.other, ceiling: ceiling.cores.other },
    comparable: Math.max(cores.other, floor.cores.other) <= 0.2,
    clients: CLIENTS,
  });
});

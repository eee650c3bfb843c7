// "Accepted" means kept: kill the worker mid-batch, wipe Redis, and every
// accepted ballot is still counted exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsRepo } from '../../server/src/modules/results/results.repo.js';
import { REDIS_URL } from './env.js';
import { ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPTIONS = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
let h: Harness;

beforeAll(async () => {
  // The reconciler re-queues what is still unprocessed after 500 ms.
  h = await createHarness();
});
afterAll(() => h.close());

function spawnWorker(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: h.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: h.redisPrefix,
      APP_SECRET: h.config.appSecret!,
      LOG_LEVEL: 'silent',
      RECONCILE_EVERY_MS: '200',
      RECONCILE_AFTER_MS: '500',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * Waits, however long a busy machine takes, until `done` holds; fails at once,
 * with what the worker said, if the worker exits first. No deadline of its
 * own: the test's timeout is the only bound (a 60 s wait once ran out on a
 * loaded machine before the spawned worker had taken in anything).
 */
async function waitWhileRunning(worker: ChildProcess, done: () => Promise<boolean>) {
  let stderr = '';
  worker.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  while (!(await done())) {
    if (worker.exitCode !== null || worker.signalCode !== null) throw new Error(`the worker exited (${worker.exitCode ?? worker.signalCode}) before it processed anything:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function processedCount(): Promise<number> {
  const [r] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots where processed_at is not null`);
  return Number(r.n);
}

async function wipeRedis() {
  const keys = await h.ctx.redis.keys(`${h.redisPrefix}*`);
  if (keys.length) await h.ctx.redis.del(...keys);
}

describe('a worker crash and a Redis wipe', () => {
  it('lose no accepted ballot and count none twice', async () => {
    const key = await openCampaign(h);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 3000);
    let accepted = 0;
    const submitAll = async (slice: string[]) => {
      for (let i = 0; i < slice.length; i += 50) {
        const res = await Promise.all(
          slice.slice(i, i + 50).map((c, j) =>
            h.inject({ method: 'POST', url: `/api/v1/vote/${c}`, payload: ballotFor(UNITS, (u) => OPTIONS[(i + j + u) % 4]), remoteAddress: `10.0.${j}.${i % 250}` }),
          ),
        );
        accepted += res.filter((r) => r.statusCode === 201).length;
      }
    };

    // Ballots pile up with no worker; then a worker starts and is killed mid-way.
    await submitAll(codes.slice(0, 2000));
    // Mid-way for sure, however the machine schedules the two processes: the
    // worker skips locked ballots, so while these 100 are held it cannot finish.
    const holder = new pg.Client({ connectionString: h.databaseUrl });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from ballots order by id desc limit 100 for update');
    const worker = spawnWorker();
    await waitWhileRunning(worker, async () => (await processedCount()) > 0);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    await holder.query('rollback');
    await holder.end();
    const processedAtKill = await processedCount();
    expect(processedAtKill).toBeGreaterThan(0);
    expect(processedAtKill).toBeLessThan(2000);

    // Redis loses everything queued; more ballots arrive meanwhile.
    await wipeRedis();
    await submitAll(codes.slice(2000));
    await wipeRedis();

    // A new worker finds the rest through the reconciler alone.
    await h.startWorker();
    await drained(h, 600_000);

    const [{ n: inDb }] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots`);
    expect(accepted).toBe(3000);
    expect(Number(inDb)).toBe(accepted);
    const campaignId = (await h.ctx.database.query<{ id: number }>(`select id from campaigns where key = $1`, [key]))[0].id;
    const sortKey = (r: { unit: string; group: string; option: string }) => `${r.unit}/${r.group}/${r.option}`;
    const fromTallies = (await resultsRepo.ratingsFromTallies(h.ctx.database, campaignId)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const fromBallots = (await resultsRepo.ratingsFromBallots(h.ctx.database, campaignId)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(fromTallies).toEqual(fromBallots);
    // 8 ratings per ballot, all counted (answering time and variety pass the fraud rules).
    expect(fromTallies.reduce((s, r) => s + r.count, 0)).toBe(accepted * 8);
    const [{ n: ballotTally }] = await h.ctx.database.query<{ n: number }>(`select sum(count)::int as n from ballot_tallies where campaign_id = $1`, [campaignId]);
    expect(Number(ballotTally)).toBe(accepted);
  }, 900_000);
});

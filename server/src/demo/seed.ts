// The demo a fresh `npm start` shows: two campaigns of one series (2025
// published, 2026 open), code batches, a few thousand simulated ballots cast
// through the real vote route, entered daily scores, so rankings show at once.
// Shares follow the seeds: Fuling's district bodies were 28/40/27/5 (好/较好/一般/差).
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { FastifyInstance } from 'fastify';
import type { CampaignSpec } from '@minping/shared/spec';
import type { Context } from '../context.js';
import { importSpec, setStatus } from '../modules/campaigns/campaigns.service.js';
import { campaignsRepo } from '../modules/campaigns/campaigns.repo.js';
import { createBatch } from '../modules/codes/codes.service.js';
import { codesRepo } from '../modules/codes/codes.repo.js';
import { ballotsRepo } from '../modules/ballots/ballots.repo.js';
import { usersRepo } from '../modules/users/users.repo.js';
import { enterScores } from '../modules/scores/scores.service.js';
import { publish } from '../modules/results/results.service.js';
import { recomputeNow } from '../modules/results/recompute.service.js';
import { voteLink } from '../modules/codes/codes.service.js';
// Imported, not read from disk: the production bundle carries them.
import campaign2025 from './campaign-2025.json';
import campaign2026 from './campaign-2026.json';

const DEMO_SPECS = [campaign2025, campaign2026] as unknown as CampaignSpec[];
const BASE_SHARES = [28, 40, 27, 5]; // 好, 较好, 一般, 差
const COMMENTS = ['窗口人员态度很好，办事效率高。', '希望进一步简化材料，减少跑腿次数。', '网上办理系统有时打不开。', '排队时间较长，建议增加窗口。', '工作人员解释耐心细致。'];

// A seeded generator: the same demo every time.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each unit's lean: a few do clearly worse, so the bottom lists and warnings mean something. */
function qualityOf(unitKey: string, year: number): number {
  const weak: Record<string, number> = { 'w-bdc': -1.6, 'd-zrzy': -1.0, 't-ly': -1.3, 'w-hj': year === 2025 ? -0.9 : 0.2 };
  if (unitKey in weak) return weak[unitKey];
  const h = crypto.createHash('sha256').update(unitKey).digest()[0] / 255;
  return (h - 0.5) * 0.9;
}

function pickOption(r: () => number, quality: number): string {
  if (r() < 0.12) return 'unknown';
  const w = [BASE_SHARES[0] * Math.exp(quality * 0.6), BASE_SHARES[1], BASE_SHARES[2] * Math.exp(-quality * 0.6), BASE_SHARES[3] * Math.exp(-quality * 1.2)];
  const total = w.reduce((a, b) => a + b, 0);
  let x = r() * total;
  const keys = ['good', 'fairly-good', 'average', 'poor'];
  for (let i = 0; i < 4; i++) if ((x -= w[i]) < 0) return keys[i];
  return 'poor';
}

async function unusedCodes(ctx: Context, batchId: number, n: number): Promise<string[]> {
  const rows = await codesRepo.page(ctx.database, batchId, 0, 5000);
  return rows.filter((r) => !r.usedAt && !r.voidedAt).slice(0, n).map((r) => ctx.secrets.unseal(r.sealed));
}

async function castBallots(app: FastifyInstance, spec: CampaignSpec, codes: string[], year: number, seed: number) {
  const r = rng(seed);
  let next = 0;
  const worker = async () => {
    while (next < codes.length) {
      const i = next++;
      const ratings: Record<string, string> = {};
      const problems: Record<string, string[]> = {};
      for (const u of spec.units) {
        const option = pickOption(r, qualityOf(u.key, year));
        ratings[u.key] = option;
        if ((option === 'poor' || option === 'average') && r() < 0.35) problems[u.key] = [spec.problems[Math.floor(r() * spec.problems.length)].key];
      }
      // A few ballots that the fraud rules should catch: answered in 3 seconds.
      const answeringMs = r() < 0.02 ? 3000 : Math.floor(40_000 + r() * 360_000);
      const body = { ratings, problems, answeringMs, deviceId: crypto.randomUUID(), ...(r() < 0.08 ? { comment: COMMENTS[Math.floor(r() * COMMENTS.length)] } : {}) };
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/vote/${codes[i]}`,
        payload: body,
        remoteAddress: `10.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`,
      });
      if (res.statusCode !== 201) throw new Error(`demo ballot refused: ${res.statusCode} ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function waitForWorker(ctx: Context, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await ballotsRepo.unprocessed(ctx.database)) === 0) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error('the worker did not take in the demo ballots in time');
}

async function links(ctx: Context, campaignKey: string): Promise<string> {
  const campaign = await campaignsRepo.byKey(ctx.database, campaignKey);
  if (!campaign) return '';
  const batches = await codesRepo.batchesOf(ctx.database, campaign.id);
  const spare = batches.find((b) => b.label === '演示备用码');
  if (!spare) return '';
  const codes = await unusedCodes(ctx, spare.id, 3);
  const out = ['', `  Demo: three unused voting links for "${campaign.spec.name}":`];
  for (const c of codes) out.push(`    ${voteLink(ctx, c)}`);
  if (codes[0]) out.push(await QRCode.toString(voteLink(ctx, codes[0]), { type: 'terminal', small: true }));
  return out.join('\n');
}

export async function seedDemoIfWanted(ctx: Context, app: FastifyInstance, log: { info(o: object, m: string): void }): Promise<string | null> {
  const { demo, databaseUrl } = ctx.config;
  if (demo === 'false' || (demo === 'auto' && databaseUrl)) return null;
  const specs = DEMO_SPECS;
  const latest = specs[specs.length - 1];
  if (await campaignsRepo.byKey(ctx.database, latest.key)) return links(ctx, latest.key);
  const admin = await usersRepo.first(ctx.database);
  // The first admin's password (16 random characters, printed once) would have
  // to be changed at the first login; a demo on one's own machine is for
  // looking around at once, so here it need not be. A real deployment has no
  // demo (DEMO=auto seeds only the embedded database).
  await usersRepo.keepPassword(ctx.database, admin.id);
  log.info({}, 'seeding the demo campaigns (first run only)');
  for (const [i, spec] of specs.entries()) {
    const year = spec.year;
    const { campaign } = await importSpec(ctx, spec, admin.id);
    await setStatus(ctx, campaign.key, 'open', admin.id);
    const sizes: [string, number][] = [['citizens', year === 2026 ? 1800 : 1000], ['enterprises', year === 2026 ? 700 : 400], ['deputies', year === 2026 ? 300 : 160]];
    for (const [group, n] of sizes) {
      const batch = await createBatch(ctx, campaign.key, { questionnaire: 'survey', group, size: n, label: `${spec.groups.find((g) => g.key === group)!.name}` }, admin.id);
      await castBallots(app, spec, await unusedCodes(ctx, batch.id, n), year, year * 10 + n);
    }
    await createBatch(ctx, campaign.key, { questionnaire: 'survey', group: 'citizens', size: 50, label: '演示备用码' }, admin.id);
    const r = rng(year);
    await enterScores(ctx, campaign.key, 'daily', spec.units.map((u) => ({ unit: u.key, score: (86 + qualityOf(u.key, year) * 6 + r() * 6).toFixed(1) })), admin.id, 'api');
    await waitForWorker(ctx);
    await recomputeNow(ctx, campaign.id);
    if (i < specs.length - 1) {
      await setStatus(ctx, campaign.key, 'closed', admin.id);
      await publish(ctx, campaign.key, admin.id);
    }
  }
  return links(ctx, latest.key);
}

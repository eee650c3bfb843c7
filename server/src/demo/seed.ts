// The demo a fresh `npm start` shows: a year of the office's work in a few
// seconds. Two campaigns of one series: last year's, closed, published and its
// tasks ticked off (trends and consecutive-bottom counts need it), and this
// year's, open, with ballots spread over weeks and hours of the day, flagged
// ballots to review, entered daily scores, inspections, and tasks at every
// stage. Ballots go through the committer and the worker's own job function,
// so every score is computed from them; everything else through the services.
// Nothing here goes through HTTP, so nothing here writes a request log line.
import type { CampaignSpec } from '@minping/shared/spec';
import type { Context } from '../context.js';
import { shanghaiDate } from '../lib/time.js';
import { importSpec, setStatus } from '../modules/campaigns/campaigns.service.js';
import { campaignsRepo } from '../modules/campaigns/campaigns.repo.js';
import { createBatch, voteLink } from '../modules/codes/codes.service.js';
import { codesRepo } from '../modules/codes/codes.repo.js';
import { usersRepo } from '../modules/users/users.repo.js';
import { authRepo } from '../modules/auth/auth.repo.js';
import { enterScores } from '../modules/scores/scores.service.js';
import { publish } from '../modules/results/results.service.js';
import { recomputeNow } from '../modules/results/recompute.service.js';
import { listBallots, reviewBallots } from '../modules/ballots/ballots.service.js';
import { castBallots, qualityOf, rng } from './ballots.js';
import { closeOutYear, dayAt, runningYear } from './story.js';
import { demoRepo } from './demo.repo.js';
// Imported, not read from disk: the production bundle carries them.
import campaign2025 from './campaign-2025.json';
import campaign2026 from './campaign-2026.json';

const DEMO_SPECS = [campaign2025, campaign2026] as unknown as CampaignSpec[];
export const SPARE_LABEL = '演示备用码';
const GROUP_SIZES: [string, number, number][] = [
  // group, ballots last year, ballots this year
  ['citizens', 1000, 1800],
  ['enterprises', 400, 700],
  ['deputies', 160, 300],
];
const DAY_MS = 86_400_000;

/** When the survey phase's ballots came: all of it for a past year, up to now (at most six weeks) for the open one. */
function votingWindow(spec: CampaignSpec, now: Date, open: boolean): { from: Date; to: Date } {
  const phase = spec.phases.find((p) => p.key === 'survey') ?? spec.phases[spec.phases.length - 1];
  const start = Date.parse(`${phase.start}T08:00:00+08:00`);
  const end = Date.parse(`${phase.end}T23:00:00+08:00`);
  if (!open) return { from: new Date(start), to: new Date(end) };
  const to = Math.min(now.getTime(), end);
  const from = Math.max(start, to - 42 * DAY_MS);
  // A clock before the phase: the last three weeks, whatever they are.
  return from < to ? { from: new Date(from), to: new Date(to) } : { from: new Date(now.getTime() - 21 * DAY_MS), to: now };
}

async function seedCampaign(ctx: Context, spec: CampaignSpec, adminId: number, now: Date, open: boolean, lap: (what: string) => void) {
  const { campaign } = await importSpec(ctx, spec, adminId);
  await setStatus(ctx, campaign.key, 'open', adminId);
  const window = votingWindow(spec, now, open);
  const commented: { receipt: string; comment?: string }[] = [];
  for (const [g, [group, lastYear, thisYear]] of GROUP_SIZES.entries()) {
    const n = open ? thisYear : lastYear;
    const batch = await createBatch(ctx, campaign.key, { questionnaire: 'survey', group, size: n, label: spec.groups.find((x) => x.key === group)!.name }, adminId);
    lap(`${n} codes`);
    // The irregular ballots come from the citizens' codes.
    const cast = await castBallots(ctx, spec, batch.id, n, window, spec.year * 10 + g, g === 0);
    commented.push(...cast.accepted.filter((a) => a.comment));
    lap(`${n} ballots cast and taken in`);
  }
  await createBatch(ctx, campaign.key, { questionnaire: 'survey', group: 'citizens', size: 50, label: SPARE_LABEL }, adminId);
  const r = rng(spec.year);
  await enterScores(ctx, campaign.key, 'daily', spec.units.map((u) => ({ unit: u.key, score: (86 + qualityOf(u.key, spec.year) * 6 + r() * 6).toFixed(1) })), adminId, 'api');
  return { campaign, window, commented };
}

/** The office's review of flagged ballots: last year's all decided; this year's phone repeats voided, a few too-fast ones cleared, the rest waiting. */
async function review(ctx: Context, key: string, campaignId: number, adminId: number, open: boolean) {
  // Every page of them: last year's must all be decided, or publishing it asks for a confirmation first.
  const flagged = async (flag?: string) => {
    const ids: number[] = [];
    for (let after = 0; ; ) {
      const page = await listBallots(ctx, key, { review: 'flagged', flag, after, limit: 500 });
      ids.push(...page.ballots.map((b) => b.id));
      if (page.ballots.length < 500) return ids;
      after = ids[ids.length - 1];
    }
  };
  const inChunks = async (ids: number[], action: 'void' | 'clear') => {
    for (let i = 0; i < ids.length; i += 5000) await reviewBallots(ctx, campaignId, ids.slice(i, i + 5000), action, adminId);
  };
  await inChunks(await flagged('device'), 'void');
  const tooFast = await flagged(open ? 'too-fast' : undefined);
  await inChunks(open ? tooFast.slice(0, 3) : tooFast, 'clear');
}

export async function seedDemoIfWanted(ctx: Context, log: { info(o: object, m: string): void; warn(o: object, m: string): void; debug(o: object, m: string): void }): Promise<boolean> {
  const { demo, databaseUrl } = ctx.config;
  if (demo === 'false' || (demo === 'auto' && databaseUrl)) return false;
  const present = await Promise.all(DEMO_SPECS.map((s) => campaignsRepo.byKey(ctx.database, s.key)));
  if (present.some(Boolean)) {
    // A first start stopped while seeding: the demo stays as far as it got, rather than being seeded twice.
    if (!present.every(Boolean)) log.warn({}, `the demo is incomplete (the first start stopped while seeding it); start with an empty ${ctx.config.dataDir} to seed it again`);
    return true;
  }
  const { id: adminId } = await usersRepo.first(ctx.database);
  // The first admin's password (16 random characters, printed once) would have
  // to be changed at the first login; a demo on one's own machine is for
  // looking around at once, so here it need not be. A real deployment has no
  // demo (DEMO=auto seeds only the embedded database).
  await usersRepo.keepPassword(ctx.database, adminId);
  const admin = (await authRepo.findUserByName(ctx.database, 'admin')) ?? (await authRepo.findUserByName(ctx.database, (await usersRepo.one(ctx.database, adminId))!.username))!;
  const started = Date.now();
  const cpu = process.cpuUsage();
  const now = new Date();
  log.info({}, 'seeding the demo campaigns (first run only)');
  for (const [i, spec] of DEMO_SPECS.entries()) {
    const open = i === DEMO_SPECS.length - 1;
    let t = Date.now();
    const lap = (what: string) => {
      log.debug({ ms: Date.now() - t, campaign: spec.key }, `demo: ${what}`);
      t = Date.now();
    };
    const { campaign, window, commented } = await seedCampaign(ctx, spec, adminId, now, open, lap);
    await review(ctx, campaign.key, campaign.id, adminId, open);
    await recomputeNow(ctx, campaign.id);
    lap('ballots reviewed, results computed');
    if (!open) {
      const closedAt = dayAt(window.to, 1, 9, 0);
      const publishedAt = dayAt(window.to, 11, 10, 0);
      await setStatus(ctx, campaign.key, 'closed', adminId);
      await publish(ctx, campaign.key, adminId);
      await demoRepo.setCampaignTimes(ctx.database, campaign.id, { openedAt: dayAt(window.from, 0, 8, 0), closedAt, publishedAt });
      await closeOutYear(ctx, admin, spec, publishedAt);
      lap('published, tasks closed');
    } else {
      await demoRepo.setCampaignTimes(ctx.database, campaign.id, { openedAt: dayAt(window.from, 0, 8, 0) });
      await runningYear(ctx, admin, spec, now, commented);
      lap('inspections and tasks');
    }
  }
  const used = process.cpuUsage(cpu);
  log.info({ ms: Date.now() - started, cpuMs: Math.round((used.user + used.system) / 1000), today: shanghaiDate(now) }, 'demo seeded');
  return true;
}

/**
 * Three voting links for the banner, unused and in an open campaign on every
 * start: the first unused codes of the demo's spare batch, and a new spare
 * batch when it runs low. When the demo campaign is no longer open, the
 * banner says how to get links instead.
 */
export async function demoLinks(ctx: Context): Promise<{ campaign: string; links: string[] } | { campaign: string; status: string } | null> {
  const campaign = await campaignsRepo.byKey(ctx.database, DEMO_SPECS[DEMO_SPECS.length - 1].key);
  if (!campaign) return null;
  if (campaign.status !== 'open') return { campaign: campaign.spec.name, status: campaign.status };
  const unused = async () => {
    const spare = (await codesRepo.batchesOf(ctx.database, campaign.id)).find((b) => b.label === SPARE_LABEL && !b.voidedAt && b.status === 'ready');
    if (!spare) return [];
    const rows = await codesRepo.page(ctx.database, spare.id, 0, spare.size);
    return rows.filter((r) => !r.usedAt && !r.voidedAt).slice(0, 3);
  };
  let codes = await unused();
  if (codes.length < 3) {
    const { id: adminId } = await usersRepo.first(ctx.database);
    await createBatch(ctx, campaign.key, { questionnaire: 'survey', group: 'citizens', size: 50, label: SPARE_LABEL }, adminId);
    codes = await unused();
  }
  return { campaign: campaign.spec.name, links: codes.map((c) => voteLink(ctx, ctx.secrets.unseal(c.sealed))) };
}

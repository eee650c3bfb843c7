// The demo's simulated voters: who rates what, when and from where. Ballots
// go through the ballot committer (the vote route's own storage path: the same
// checks, one claim-and-insert statement per group), are given the times they
// would have had, and are then taken in by the worker's own job function, so
// flags, tallies and results are computed from them as for real ballots.
import crypto from 'node:crypto';
import type { CampaignSpec } from '@minping/shared/spec';
import type { BallotSubmission } from '@minping/shared/contracts/vote';
import type { Context } from '../context.js';
import { codesRepo } from '../modules/codes/codes.repo.js';
import { createBallotCommitter, type Accepted } from '../modules/vote/committer.js';
import { processBallots } from '../modules/ballots/ballots.service.js';
import { demoRepo } from './demo.repo.js';

const BASE_SHARES = [28, 40, 27, 5]; // 好, 较好, 一般, 差 (Fuling's district bodies)
const COMMENTS = [
  '窗口人员态度很好，办事效率高。',
  '希望进一步简化材料，减少跑腿次数。',
  '网上办理系统有时打不开，提交后没有回音。',
  '排队时间较长，建议增加窗口、开通预约。',
  '工作人员解释耐心细致，一次就办成了。',
  '不动产登记要跑好几个窗口，能否一窗受理？',
  '咨询电话经常打不通。',
  '乡里便民服务中心中午没人值班。',
  '企业开办一天办结，点赞！',
  '办事指南和实际要求的材料不一致。',
];
// A unit's characteristic complaint: most of the problems ticked for it.
const TYPICAL_PROBLEM: Record<string, string> = { 'w-bdc': 'slow', 'd-zrzy': 'shirking', 't-ly': 'lazy', 'w-hj': 'attitude', 'd-zjj': 'opaque' };
// Votes by hour of the day, Shanghai time: office hours and the evening on the phone.
const HOURLY = [1, 0, 0, 0, 0, 1, 3, 7, 13, 18, 17, 12, 8, 11, 15, 16, 14, 10, 9, 12, 14, 11, 6, 3];
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** A seeded generator: the same demo every time. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Rng = ReturnType<typeof rng>;

/** Each unit's lean: a few do clearly worse, so the bottom lists, warnings and escalation mean something. */
export function qualityOf(unitKey: string, year: number): number {
  const weak: Record<string, number> = { 'w-bdc': -1.6, 'd-zrzy': -1.0, 't-ly': -1.3, 'w-hj': year % 2 ? -0.9 : 0.2 };
  if (unitKey in weak) return weak[unitKey];
  let q = leans.get(unitKey);
  if (q === undefined) leans.set(unitKey, (q = (crypto.createHash('sha256').update(unitKey).digest()[0] / 255 - 0.5) * 0.9));
  return q;
}
const leans = new Map<string, number>();

function pickOption(r: Rng, quality: number): string {
  if (r() < 0.12) return 'unknown';
  const w = [BASE_SHARES[0] * Math.exp(quality * 0.6), BASE_SHARES[1], BASE_SHARES[2] * Math.exp(-quality * 0.6), BASE_SHARES[3] * Math.exp(-quality * 1.2)];
  const total = w.reduce((a, b) => a + b, 0);
  let x = r() * total;
  const keys = ['good', 'fairly-good', 'average', 'poor'];
  for (let i = 0; i < 4; i++) if ((x -= w[i]) < 0) return keys[i];
  return 'poor';
}

function pick<T>(r: Rng, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function weighted(r: Rng, weights: number[]): number {
  let x = r() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
  return weights.length - 1;
}

/** One honest voter's answers. */
function answers(r: Rng, spec: CampaignSpec): BallotSubmission {
  const ratings: Record<string, string> = {};
  const problems: Record<string, string[]> = {};
  for (const u of spec.units) {
    const option = pickOption(r, qualityOf(u.key, spec.year));
    ratings[u.key] = option;
    if ((option === 'poor' || option === 'average') && r() < 0.35) {
      problems[u.key] = [TYPICAL_PROBLEM[u.key] && r() < 0.6 ? TYPICAL_PROBLEM[u.key] : pick(r, spec.problems).key];
    }
  }
  // Mostly a few minutes; about one in a hundred clicked through in seconds (the too-fast rule).
  const answeringMs = r() < 0.01 ? 2500 + Math.floor(r() * 4000) : Math.floor(60_000 + r() * 420_000);
  return { ratings, problems, answeringMs, deviceId: crypto.randomUUID(), ...(r() < 0.08 ? { comment: pick(r, COMMENTS) } : {}) };
}

/** Times spread over [from, to): busier on weekdays and in the first days, by the hour profile above. */
export function spreadTimes(r: Rng, n: number, from: Date, to: Date): Date[] {
  // The start of `from`'s day in Shanghai, as UTC; the days run to `to`'s, today included.
  const day0 = Math.floor((from.getTime() + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS;
  const days = Math.max(1, Math.ceil((to.getTime() - day0) / DAY_MS));
  const dayWeights = Array.from({ length: days }, (_, d) => {
    const weekday = new Date(from.getTime() + d * DAY_MS + SHANGHAI_MS).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.55 : 1) * (d < 5 ? 1.8 - d * 0.15 : 1);
  });
  const out: Date[] = [];
  while (out.length < n) {
    const t = day0 + weighted(r, dayWeights) * DAY_MS + weighted(r, HOURLY) * 3_600_000 + Math.floor(r() * 3_600_000);
    if (t >= from.getTime() && t < to.getTime()) out.push(new Date(t));
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

const address = (r: Rng) => `10.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`;

export interface CastResult {
  accepted: { ballotId: number; receipt: string; comment?: string }[];
}

/**
 * Casts `n` ballots with the unused codes of a batch between `from` and `to`.
 * With `irregular`, some come the way the fraud rules are there for: one phone
 * used for several codes, a burst from one office address, a canvassed
 * straight line of 好.
 */
export async function castBallots(ctx: Context, spec: CampaignSpec, batchId: number, n: number, window: { from: Date; to: Date }, seed: number, irregular: boolean): Promise<CastResult> {
  const r = rng(seed);
  const codes = (await codesRepo.page(ctx.database, batchId, 0, n)).map((c) => ctx.secrets.unseal(c.sealed));
  const honest = irregular ? n - 40 : n;
  const ballots: { body: BallotSubmission; address: string; at?: Date }[] = [];
  for (let i = 0; i < honest; i++) ballots.push({ body: answers(r, spec), address: address(r) });
  if (irregular) {
    const span = window.to.getTime() - window.from.getTime();
    // One phone, six codes, one evening.
    const phone = crypto.randomUUID();
    const evening = new Date(window.from.getTime() + span * 0.6);
    evening.setUTCHours(12, 10, 0, 0); // 20:10 in Shanghai
    for (let i = 0; i < 6; i++) ballots.push({ body: { ...answers(r, spec), deviceId: phone }, address: address(r), at: new Date(evening.getTime() + i * 95_000) });
    // Twenty-six ballots from one address in under a minute (the burst rule allows 20).
    const office = address(r);
    const morning = new Date(window.from.getTime() + span * 0.35);
    morning.setUTCHours(2, 30, 0, 0); // 10:30 in Shanghai
    for (let i = 0; i < 26; i++) ballots.push({ body: answers(r, spec), address: office, at: new Date(morning.getTime() + i * 2_000) });
    // Eight canvassed ballots: 好 for every unit.
    for (let i = 0; i < 8; i++) {
      const body = answers(r, spec);
      body.ratings = Object.fromEntries(spec.units.map((u) => [u.key, 'good']));
      body.problems = {};
      ballots.push({ body, address: address(r) });
    }
  }
  // Not handed to the worker's queue: taken in below, in order, before the worker starts.
  const committer = createBallotCommitter(ctx, { handOff: false });
  let accepted: Accepted[];
  try {
    accepted = await Promise.all(ballots.map((b, i) => committer.submit({ codeHash: ctx.secrets.hashCode(codes[i]), body: b.body, address: b.address })));
  } finally {
    await committer.close();
  }
  // The times they would have come at: honest ones spread out in id order, the irregular ones as arranged.
  const times = spreadTimes(r, ballots.filter((b) => !b.at).length, window.from, window.to);
  const unTimed = accepted.map((a, i) => ({ id: a.ballotId, at: ballots[i].at })).filter((b) => !b.at).sort((a, b) => a.id - b.id);
  unTimed.forEach((b, i) => (b.at = times[i]));
  const timed = [...unTimed, ...accepted.map((a, i) => ({ id: a.ballotId, at: ballots[i].at })).filter((b) => b.at)] as { id: number; at: Date }[];
  await demoRepo.setBallotTimes(ctx.database, timed.map((b) => b.id), timed.map((b) => b.at));
  // What the worker does with them, in order, as its jobs would.
  const ids = accepted.map((a) => a.ballotId).sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 250) await processBallots(ctx, ids.slice(i, i + 250));
  return { accepted: accepted.map((a, i) => ({ ballotId: a.ballotId, receipt: a.receipt, comment: ballots[i].body.comment })) };
}

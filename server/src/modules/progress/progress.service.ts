// What the office watches while a campaign is open: ballots as they arrive,
// what the worker still has to do, and how the series moves across years.
import type { CampaignResult } from '@minping/shared/scoring';
import type { Progress } from '@minping/shared/contracts/progress';
import type { Context } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { resultsRepo } from '../results/results.repo.js';
import { ballotsQueue } from '../ballots/ballots.queue.js';
import { progressRepo } from './progress.repo.js';

export async function campaignProgress(ctx: Context, key: string): Promise<Progress> {
  const campaign = await requireCampaign(ctx.database, key);
  const db = ctx.database;
  const totals = await progressRepo.ballotTotals(db, campaign.id);
  const codes = await progressRepo.codeTotals(db, campaign.id);
  const byQuestionnaire = await progressRepo.byQuestionnaire(db, campaign.id);
  const byHour = await progressRepo.byHour(db, campaign.id);
  const counts = await ballotsQueue.counts(ctx.queue);
  const [computed] = await resultsRepo.computedAt(db, campaign.id);
  return {
    campaign: campaign.key,
    status: campaign.status,
    ...totals,
    codes,
    byQuestionnaire,
    byHour,
    queue: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
    resultsComputedAt: computed ? new Date(computed.computed_at).toISOString() : null,
    at: new Date().toISOString(),
  };
}

/** Each unit's composite, rank and bottom streak across the campaigns of a series. */
/** `allowed`: the campaign ids the caller may read (null: all). */
export async function seriesTrend(ctx: Context, series: string, unit: string | undefined, allowed: Set<number> | null) {
  const db = ctx.database;
  const all = await progressRepo.seriesCampaigns(db, series);
  const campaigns = all.filter((c) => !allowed || allowed.has(Number(c.id)));
  if (!campaigns.length) throw notFound('NOT_FOUND', `No campaigns in series "${series}"`);
  const results: (CampaignResult | null)[] = [];
  for (const c of campaigns) results.push(await resultsRepo.standingResult(db, Number(c.id)));
  const names = new Map<string, string>();
  for (const c of campaigns) for (const u of c.spec.units) names.set(u.key, u.name);
  const keys = [...names.keys()].filter((k) => !unit || k === unit);
  if (unit && !keys.length) throw notFound('UNIT_UNKNOWN', `No unit "${unit}" in series "${series}"`);
  return {
    series,
    campaigns: campaigns.map((c) => ({ key: c.key, name: c.spec.name, year: c.spec.year, firstPhaseStart: c.first_phase_start, published: c.published })),
    units: keys.map((k) => ({
      key: k,
      name: names.get(k)!,
      points: results.map((r, i) => {
        const u = r?.units.find((x) => x.key === k);
        return u ? { campaign: campaigns[i].key, composite: u.composite, rank: u.rank, warning: u.warning, inBottom: u.inBottom, consecutiveBottom: u.consecutiveBottom } : null;
      }),
    })),
  };
}

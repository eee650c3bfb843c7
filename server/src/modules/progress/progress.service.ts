// What the office watches while a campaign is open: ballots as they arrive,
// what the worker still has to do, and how the series moves across years.
import type { CampaignResult } from '@minping/shared/scoring';
import type { Progress } from '@minping/shared/contracts/progress';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { resultsRepo } from '../results/results.repo.js';
import { ballotsQueue } from '../ballots/ballots.queue.js';

export async function campaignProgress(ctx: Context, key: string): Promise<Progress> {
  const campaign = await requireCampaign(ctx.database.db, key);
  const q = ctx.database.query;
  const [totals] = await q<{ ballots: number; processed: number; counted: number; flagged: number; voided: number }>(
    `select count(*)::int as ballots, count(processed_at)::int as processed, count(*) filter (where counted)::int as counted,
            count(*) filter (where review = 'flagged')::int as flagged, count(*) filter (where review = 'voided')::int as voided
       from ballots where campaign_id = $1`,
    [campaign.id],
  );
  const [codes] = await q<{ issued: number; used: number; voided: number }>(
    `select coalesce(sum(b.generated), 0)::int as issued,
            (select count(*) from codes c join code_batches x on x.id = c.batch_id where x.campaign_id = $1 and c.used_at is not null)::int as used,
            (select count(*) from codes c join code_batches x on x.id = c.batch_id where x.campaign_id = $1 and c.voided_at is not null)::int as voided
       from code_batches b where b.campaign_id = $1`,
    [campaign.id],
  );
  const byQuestionnaire = await q<{ questionnaire: string; group: string; ballots: number; flagged: number; codesIssued: number }>(
    `with b as (select questionnaire_key, group_key, count(*)::int as ballots, count(*) filter (where review = 'flagged')::int as flagged
                  from ballots where campaign_id = $1 group by 1, 2),
          c as (select questionnaire_key, group_key, sum(generated)::int as issued from code_batches where campaign_id = $1 and voided_at is null group by 1, 2)
     select coalesce(b.questionnaire_key, c.questionnaire_key) as questionnaire, coalesce(b.group_key, c.group_key) as "group",
            coalesce(b.ballots, 0) as ballots, coalesce(b.flagged, 0) as flagged, coalesce(c.issued, 0) as "codesIssued"
       from b full join c on c.questionnaire_key = b.questionnaire_key and c.group_key = b.group_key order by 1, 2`,
    [campaign.id],
  );
  const byHour = await q<{ hour: string; ballots: number }>(
    `select to_char(date_trunc('hour', submitted_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD"T"HH24:00') as hour, count(*)::int as ballots
       from ballots where campaign_id = $1 and submitted_at > now() - interval '48 hours' group by 1 order by 1`,
    [campaign.id],
  );
  const counts = await ballotsQueue.counts(ctx.queue);
  const [computed] = await resultsRepo.computedAt(q, campaign.id);
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
  const q = ctx.database.query;
  const all = await q<{ id: number; key: string; spec: { name: string; year: number; units: { key: string; name: string }[] }; first_phase_start: string; published: boolean }>(
    `select c.id, c.key, c.spec, c.first_phase_start::text, exists (select 1 from published_results p where p.campaign_id = c.id) as published
       from campaigns c where c.series = $1 order by c.first_phase_start, c.id`,
    [series],
  );
  const campaigns = all.filter((c) => !allowed || allowed.has(Number(c.id)));
  if (!campaigns.length) throw new AppError(404, 'NOT_FOUND', `No campaigns in series "${series}"`);
  const results: (CampaignResult | null)[] = [];
  for (const c of campaigns) results.push(await resultsRepo.standingResult(q, Number(c.id)));
  const names = new Map<string, string>();
  for (const c of campaigns) for (const u of c.spec.units) names.set(u.key, u.name);
  const keys = [...names.keys()].filter((k) => !unit || k === unit);
  if (unit && !keys.length) throw new AppError(404, 'UNIT_UNKNOWN', `No unit "${unit}" in series "${series}"`);
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

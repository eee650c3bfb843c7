// Scores come from the pure scoring in shared/; this file only gathers its
// inputs (from running tallies, or from raw ballots for a full rebuild).
import { computeCampaignResult, type CampaignResult, type ScoringInput } from '@minping/shared/scoring';
import { questionnaireUnits, type CampaignSpec } from '@minping/shared/spec';
import type { Context } from '../../context.js';
import type { Query } from '../../infra/db.js';
import { resultsRepo } from './results.repo.js';

/**
 * Debounced: every trigger within one window maps to the same job id, which
 * runs at the window's end, after every ballot that triggered it committed.
 */
export async function enqueueRecompute(ctx: Context, campaignId: number): Promise<void> {
  const window = Math.max(1, ctx.config.recomputeDebounceMs);
  const now = Date.now();
  const bucket = Math.floor(now / window);
  await ctx.queue.add('recompute-scores', { campaignId }, { jobId: `r-${campaignId}-${bucket}`, delay: (bucket + 1) * window - now });
}

export async function gatherInputs(q: Query, campaignId: number, spec: CampaignSpec, from: 'tallies' | 'ballots'): Promise<ScoringInput> {
  const fromTallies = from === 'tallies';
  const [ratingCounts, problemCounts, ballotsPerGroup, entered, vetoes] = await Promise.all([
    fromTallies ? resultsRepo.ratingsFromTallies(q, campaignId) : resultsRepo.ratingsFromBallots(q, campaignId),
    fromTallies ? resultsRepo.problemsFromTallies(q, campaignId) : resultsRepo.problemsFromBallots(q, campaignId),
    fromTallies ? resultsRepo.ballotsFromTallies(q, campaignId) : resultsRepo.ballotsFromBallots(q, campaignId),
    resultsRepo.latestEntered(q, campaignId),
    resultsRepo.activeVetoes(q, campaignId),
  ]);
  // Every ballot of a questionnaire shows all of its units.
  const perQuestionnaire = new Map<string, number>();
  for (const b of ballotsPerGroup) perQuestionnaire.set(b.questionnaire, (perQuestionnaire.get(b.questionnaire) ?? 0) + b.count);
  const ballotCounts = spec.questionnaires.flatMap((qn) =>
    questionnaireUnits(spec, qn).map((u) => ({ questionnaire: qn.key, unit: u.key, count: perQuestionnaire.get(qn.key) ?? 0 })),
  );
  return {
    spec,
    ratingCounts,
    problemCounts,
    ballotCounts,
    entered,
    vetoes,
    previousConsecutiveBottom: await previousConsecutiveBottom(q, campaignId),
  };
}

async function previousConsecutiveBottom(q: Query, campaignId: number): Promise<Record<string, number>> {
  const series = await resultsRepo.seriesNeighbours(q, campaignId);
  const at = series.findIndex((c) => Number(c.id) === campaignId);
  if (at <= 0) return {};
  const previous = await resultsRepo.standingResult(q, Number(series[at - 1].id));
  return Object.fromEntries((previous?.units ?? []).map((u) => [u.key, u.consecutiveBottom]));
}

/** Recomputes and stores a campaign's result; later campaigns of its series follow. */
export async function recomputeCampaign(ctx: Context, campaignId: number, from: 'tallies' | 'ballots' = 'tallies'): Promise<CampaignResult | null> {
  const q = ctx.database.query;
  const [row] = await q<{ spec: CampaignSpec; series: string }>(`select spec, series from campaigns where id = $1`, [campaignId]);
  if (!row) return null;
  // Read the change mark first: a ballot tallied while we compute makes the result stale again.
  const asOf = await resultsRepo.talliesChangedAt(q, campaignId);
  const input = await gatherInputs(q, campaignId, row.spec, from);
  const result = computeCampaignResult(input);
  const ballots = await q<{ n: number }>(`select coalesce(sum(count), 0)::int as n from ballot_tallies where campaign_id = $1`, [campaignId]);
  await resultsRepo.saveResult(q, campaignId, result, Number(ballots[0].n), asOf);
  // Consecutive-bottom counts of later campaigns build on this one.
  const series = await resultsRepo.seriesNeighbours(q, campaignId);
  const next = series[series.findIndex((c) => Number(c.id) === campaignId) + 1];
  if (next && (await resultsRepo.computedAt(q, Number(next.id))).length) await enqueueRecompute(ctx, Number(next.id)).catch(() => {});
  return result;
}

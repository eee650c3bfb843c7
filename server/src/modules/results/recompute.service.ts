// The one way to a campaign's results being recomputed: requestRecompute
// queues it (debounced; the worker runs it), recomputeNow runs it here and
// now. Scores come from the pure scoring in shared/; this file only gathers
// its inputs (from running tallies, or from raw ballots for a full rebuild).
import { computeCampaignResult, type CampaignResult, type ScoringInput } from '@minping/shared/scoring';
import { questionnaireUnits, type CampaignSpec } from '@minping/shared/spec';
import type { Context } from '../../context.js';
import type { Queryable, Tx } from '../../infra/db.js';
import { queueAfterChange } from '../../jobs/after-change.js';
import { recomputeQueue } from './recompute.queue.js';
import { resultsRepo } from './results.repo.js';

/**
 * Queues a recompute of the campaign. Rejects when the queue cannot take it:
 * callers that just stored a change use requestRecomputeAfterCommit (or
 * queueAfterChange), so that failure is logged and left to the reconciler.
 */
export function requestRecompute(ctx: Context, campaignId: number): Promise<void> {
  return recomputeQueue.request(ctx.queue, campaignId, ctx.config.recomputeDebounceMs);
}

/** A recompute requested once the transaction that changed the campaign's inputs commits. */
export function requestRecomputeAfterCommit(ctx: Context, tx: Tx, campaignId: number): void {
  tx.afterCommit(() => requestRecompute(ctx, campaignId));
}

async function gatherInputs(db: Queryable, campaignId: number, spec: CampaignSpec, from: 'tallies' | 'ballots'): Promise<ScoringInput> {
  const fromTallies = from === 'tallies';
  const [ratingCounts, problemCounts, ballotsPerGroup, entered, vetoes] = await Promise.all([
    fromTallies ? resultsRepo.ratingsFromTallies(db, campaignId) : resultsRepo.ratingsFromBallots(db, campaignId),
    fromTallies ? resultsRepo.problemsFromTallies(db, campaignId) : resultsRepo.problemsFromBallots(db, campaignId),
    fromTallies ? resultsRepo.ballotsFromTallies(db, campaignId) : resultsRepo.ballotsFromBallots(db, campaignId),
    resultsRepo.latestEntered(db, campaignId),
    resultsRepo.activeVetoes(db, campaignId),
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
    previousConsecutiveBottom: await previousConsecutiveBottom(db, campaignId),
  };
}

async function previousConsecutiveBottom(db: Queryable, campaignId: number): Promise<Record<string, number>> {
  const series = await resultsRepo.seriesNeighbours(db, campaignId);
  const at = series.findIndex((c) => Number(c.id) === campaignId);
  if (at <= 0) return {};
  const previous = await resultsRepo.standingResult(db, Number(series[at - 1].id));
  return Object.fromEntries((previous?.units ?? []).map((u) => [u.key, u.consecutiveBottom]));
}

/**
 * Recomputes and stores a campaign's result, and answers it with the inputs
 * it came from (null: no such campaign); later campaigns of its series follow.
 */
export async function recomputeNow(ctx: Context, campaignId: number, from: 'tallies' | 'ballots' = 'tallies'): Promise<{ result: CampaignResult; input: ScoringInput } | null> {
  const db = ctx.database;
  const spec = await resultsRepo.specOf(db, campaignId);
  if (!spec) return null;
  // Read the change mark first: a ballot tallied while we compute makes the result stale again.
  const asOf = await resultsRepo.talliesChangedAt(db, campaignId);
  const input = await gatherInputs(db, campaignId, spec, from);
  const result = computeCampaignResult(input);
  await resultsRepo.saveResult(db, campaignId, result, await resultsRepo.ballotsTallied(db, campaignId), asOf);
  // Consecutive-bottom counts of later campaigns build on this one.
  const series = await resultsRepo.seriesNeighbours(db, campaignId);
  const next = series[series.findIndex((c) => Number(c.id) === campaignId) + 1];
  if (next && (await resultsRepo.computedAt(db, Number(next.id))).length) await queueAfterChange(ctx, () => requestRecompute(ctx, Number(next.id)));
  return { result, input };
}

// One component's score for one unit (spec README, scoring rules 1, 2, 4, 10).
// The exact, unrounded score is kept next to the shown one because the
// composite must be built from unrounded component scores (rule 5).
import { questionnaireGroupWeights } from '../group-weights.js';
import type { CampaignSpec, Component, Scale } from '../spec.js';
import { Fraction, roundHalfUp } from './fraction.js';
import { enteredKey, scalePoints, type IndexedInput } from './input.js';
import type { ComponentResult, GroupMean, InsufficientReason, OptionShare } from './types.js';

export interface ScoredComponent {
  result: ComponentResult;
  /** Unrounded score; null when there is nothing to score. */
  exact: Fraction | null;
  /** Why this component keeps the unit from a composite, if it does. */
  reason: InsufficientReason | null;
}

/** What every component of a campaign needs, built once per campaign. */
export interface ScoringContext {
  spec: CampaignSpec;
  index: IndexedInput;
  decimals: number;
  /** questionnaire → the groups that answer it, in order, with their weights there (docs/spec.md, rule 1). */
  groupWeights: Map<string, { group: string; weight: Fraction }[]>;
  /** questionnaire → its rating scale. */
  scales: Map<string, Scale>;
  /** questionnaire → option → points (null = 不了解). */
  points: Map<string, Map<string, Fraction | null>>;
}

export function scoringContext(spec: CampaignSpec, index: IndexedInput): ScoringContext {
  return {
    spec,
    index,
    decimals: spec.rules.decimals,
    groupWeights: new Map(spec.questionnaires.map((q) => [q.key, questionnaireGroupWeights(spec, q.key).map((w) => ({ group: w.group, weight: Fraction.fromNumber(w.weight) }))])),
    scales: new Map(spec.questionnaires.map((q) => [q.key, spec.scales.find((s) => s.key === q.scale)!])),
    points: new Map(spec.questionnaires.map((q) => [q.key, scalePoints(spec, q.scale)])),
  };
}

/** count / total as a percentage, rounded; null when there is no total to divide by. */
export function percentage(count: number, total: number, decimals: number): string | null {
  return total > 0 ? roundHalfUp(Fraction.of(BigInt(count) * 100n, BigInt(total)), decimals) : null;
}

export function scoreComponent(ctx: ScoringContext, component: Component, unit: string): ScoredComponent {
  return component.source === 'entered' ? scoreEntered(ctx, component, unit) : scoreBallots(ctx, component, unit);
}

function scoreEntered(ctx: ScoringContext, component: Component, unit: string): ScoredComponent {
  const exact = ctx.index.entered.get(enteredKey(component.key, unit)) ?? null;
  return {
    result: {
      key: component.key,
      name: component.name,
      source: 'entered',
      weight: component.weight,
      score: exact && roundHalfUp(exact, ctx.decimals),
      ratings: null,
    },
    exact,
    reason: exact ? null : { component: component.key, reason: 'score-missing' },
  };
}

function scoreBallots(ctx: ScoringContext, component: Extract<Component, { source: 'ballots' }>, unit: string): ScoredComponent {
  const { spec, decimals } = ctx;
  const points = ctx.points.get(component.questionnaire)!;
  const tally = ctx.index.ratings.get(component.questionnaire)?.get(unit);

  // Σ w_g·mean_g and Σ w_g, both over the groups that rated the unit with
  // points (n_g > 0): a group that did not rate it neither pulls the score
  // down nor dilutes the other groups' weights.
  let weighted = Fraction.ZERO;
  let weightSum = Fraction.ZERO;
  let ratings = 0;
  // Only the groups that answer the questionnaire, each with its weight there
  // (a questionnaire's own listing, else the campaign's).
  const byGroup: GroupMean[] = ctx.groupWeights.get(component.questionnaire)!.map(({ group, weight: w }) => {
    let n = 0;
    let sum = Fraction.ZERO;
    for (const [option, count] of tally?.get(group) ?? []) {
      const p = points.get(option);
      if (p === null || p === undefined || count === 0) continue; // 不了解 is never averaged
      n += count;
      sum = sum.add(p.mul(Fraction.of(count)));
    }
    if (n === 0) return { group, ratings: 0, mean: null };
    const mean = sum.div(Fraction.of(n));
    weighted = weighted.add(w.mul(mean));
    weightSum = weightSum.add(w);
    ratings += n;
    return { group, ratings: n, mean: roundHalfUp(mean, decimals) };
  });
  const exact = ratings > 0 ? weighted.div(weightSum) : null;

  // Every option of the scale is listed, 不了解 too (how many did not know is
  // news in itself), but shares are of the answers with points only, as the
  // office publishes 好/较好/一般/差 percentages that add up to 100.
  const scale = ctx.scales.get(component.questionnaire)!;
  const distribution: OptionShare[] = scale.options.map((o) => {
    let count = 0;
    for (const counts of tally?.values() ?? []) count += counts.get(o.key) ?? 0;
    return { option: o.key, label: o.label, count, share: o.points === null ? null : percentage(count, ratings, decimals) };
  });

  // A score needs at least one rating even when minValidRatings is 0.
  const required = Math.max(spec.rules.minValidRatings, 1);
  return {
    result: {
      key: component.key,
      name: component.name,
      source: 'ballots',
      weight: component.weight,
      score: exact && roundHalfUp(exact, decimals),
      ratings,
      distribution,
      byGroup,
    },
    exact,
    reason: ratings < required ? { component: component.key, reason: 'too-few-ratings', ratings, required } : null,
  };
}

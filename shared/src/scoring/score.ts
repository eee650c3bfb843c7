// A campaign's results from its spec and the counts of its valid ballots:
// component scores, composites, ranks, top/bottom sets, warnings, consecutive
// bottom placements and top problems (spec README, "Scoring, exactly").
// Pure: no I/O, no clock, no randomness; the same input always gives the same
// JSON, so published results can be recomputed and compared.
//
// The spec is expected to have passed parseCampaignSpec (unique keys,
// resolving references). Count rows naming anything the spec lacks throw a
// ScoringInputError (see input.ts).
import { percentage, scoreComponent, scoringContext, type ScoredComponent, type ScoringContext } from './components.js';
import { Fraction, roundHalfUp } from './fraction.js';
import { indexInput, type IndexedInput } from './input.js';
import { placeCategory, warningFor, type CategoryPlacement, type RankEntry } from './ranking.js';
import type { CampaignSpec } from '../spec.js';
import type { CampaignResult, CategoryResult, InsufficientReason, ProblemTally, ScoringInput, UnitResult } from './types.js';

const HUNDRED = Fraction.of(100);

interface UnitScore {
  components: ScoredComponent[];
  reasons: InsufficientReason[];
  /** Rounded composite as shown, and the same value as a fraction for ranking. */
  shown: string | null;
  rounded: Fraction | null;
}

function scoreUnit(spec: CampaignSpec, ctx: ScoringContext, unit: string): UnitScore {
  const components = spec.components.map((c) => scoreComponent(ctx, c, unit));
  // Rule 4 applies to every component, whatever its weight: a 0-weight
  // survey with too few ratings still withholds the composite, as written.
  const reasons = components.flatMap((c) => (c.reason ? [c.reason] : []));
  if (reasons.length > 0) return { components, reasons, shown: null, rounded: null };
  // Rule 5: Σ W_c·score_c / 100 from the UNROUNDED component scores, rounded once.
  const composite = spec.components
    .reduce((sum, c, i) => sum.add(Fraction.fromNumber(c.weight).mul(components[i].exact!)), Fraction.ZERO)
    .div(HUNDRED);
  const shown = roundHalfUp(composite, ctx.decimals);
  return { components, reasons, shown, rounded: Fraction.fromDecimalString(shown) };
}

/**
 * Problems ticked for a unit, most ticked first (then in spec order), with
 * each one's share of the unit's valid ballots of questionnaires that carry a
 * problem checklist. Problems nobody ticked are left out.
 */
function topProblems(spec: CampaignSpec, index: IndexedInput, unit: string, decimals: number): ProblemTally[] {
  const counts = index.problems.get(unit);
  if (!counts) return [];
  const ballots = index.problemBallots.get(unit) ?? 0;
  return spec.problems
    .map((p) => ({ problem: p.key, label: p.label, count: counts.get(p.key) ?? 0 }))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count) // stable: ties keep spec order
    .map((p) => ({ ...p, share: percentage(p.count, ballots, decimals) }));
}

export function computeCampaignResult(input: ScoringInput): CampaignResult {
  const { spec } = input;
  const index = indexInput(input);
  const ctx = scoringContext(spec, index);
  const decimals = ctx.decimals;
  const red = Fraction.fromNumber(spec.rules.warnings.red);
  const yellow = Fraction.fromNumber(spec.rules.warnings.yellow);

  const scores = new Map(spec.units.map((u) => [u.key, scoreUnit(spec, ctx, u.key)]));

  const placements = new Map<string, CategoryPlacement>();
  const inTop = new Set<string>();
  const inBottom = new Set<string>();
  const categories: CategoryResult[] = spec.categories.map((c) => {
    const entries: RankEntry[] = spec.units
      .filter((u) => u.category === c.key)
      .map((u) => ({ key: u.key, composite: scores.get(u.key)!.rounded, vetoed: index.vetoes.has(u.key) }));
    const p = placeCategory(entries, c.top, c.bottom);
    placements.set(c.key, p);
    p.top.forEach((k) => inTop.add(k));
    p.bottom.forEach((k) => inBottom.add(k));
    return {
      key: c.key,
      name: c.name,
      top: c.top,
      bottom: c.bottom,
      ranked: p.ranked,
      insufficient: p.insufficient,
      topUnits: p.top,
      bottomUnits: p.bottom,
    };
  });

  // Units stay in spec order (the office's own listing); rank order is in
  // categories[].ranked.
  const units: UnitResult[] = spec.units.map((u) => {
    const s = scores.get(u.key)!;
    const p = placements.get(u.category)!;
    const vetoed = index.vetoes.has(u.key);
    const bottom = inBottom.has(u.key);
    return {
      key: u.key,
      name: u.name,
      category: u.category,
      composite: s.shown,
      components: s.components.map((c) => c.result),
      rank: p.rank.get(u.key) ?? null,
      warning: warningFor(s.rounded, vetoed, red, yellow),
      vetoed,
      vetoReason: index.vetoes.get(u.key) ?? null,
      insufficientReasons: s.reasons,
      inTop: inTop.has(u.key),
      inBottom: bottom,
      // Rule 9: the run of bottom placements ending with this campaign; the
      // caller supplies the run that ended with the previous one.
      consecutiveBottom: bottom ? (input.previousConsecutiveBottom?.[u.key] ?? 0) + 1 : 0,
      topProblems: topProblems(spec, index, u.key, decimals),
    };
  });

  return { decimals, categories, units };
}

// The published rules worked through by hand from the open data, for the
// method page: every step as the figures a reader would write down. This is
// an independent re-implementation of docs/spec.md (only the exact fraction
// arithmetic is shared), so the page also checks the published result.
import { Fraction, roundHalfUp } from '@minping/shared/scoring/fraction';
import { questionnaireGroupWeights } from '@minping/shared/group-weights';
import type { CampaignResult, CampaignSpec, OpenData, Warning } from './types';

type Inputs = OpenData['inputs'];

/** An exact value as a reader sees it: at most `places` decimals, "…" when cut short. */
export function show(f: Fraction, places = 4): string {
  const scaled = f.mul(Fraction.of(10n ** BigInt(places)));
  const exact = scaled.den === 1n;
  let s = roundHalfUp(f, places);
  if (exact && s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return exact ? s : `${s}…`;
}

const dec = (n: number) => Fraction.fromNumber(n);

export interface OptionLine {
  option: string;
  label: string;
  /** null = 不了解: counted, never averaged. */
  points: number | null;
  count: number;
}

export interface GroupStep {
  group: string;
  name: string;
  weight: number;
  options: OptionLine[];
  /** Ratings with points. */
  n: number;
  dontKnow: number;
  /** Σ points × count. */
  sum: string;
  mean: Fraction | null;
}

export interface BallotStep {
  source: 'ballots';
  key: string;
  name: string;
  weight: number;
  questionnaire: string;
  /** Whether the group weights are the questionnaire's own (else the campaign's). */
  ownWeights: boolean;
  groups: GroupStep[];
  ratings: number;
  required: number;
  /** Σ w_g·mean_g and Σ w_g over the groups with n_g > 0. */
  numerator: Fraction;
  denominator: Fraction;
  exact: Fraction | null;
}

export interface EnteredStep {
  source: 'entered';
  key: string;
  name: string;
  weight: number;
  exact: Fraction | null;
}

export type ComponentStep = BallotStep | EnteredStep;

export interface UnitWork {
  unit: string;
  name: string;
  category: string;
  components: ComponentStep[];
  /** Why there is no composite, by component key; empty when there is one. */
  missing: { component: string; reason: 'too-few-ratings' | 'score-missing' }[];
  compositeExact: Fraction | null;
  /** Rounded half up to `decimals`: what is ranked and published. */
  composite: string | null;
  vetoReason: string | null;
}

export interface QuestionnaireWeights {
  questionnaire: string;
  /** The questionnaire's own listing (only these groups answer it), or the campaign's weights. */
  own: boolean;
  groups: { group: string; name: string; weight: number }[];
}

/** The groups that answer a questionnaire and their weights there: its own `groupWeights`, else every group with its campaign weight. */
export function questionnaireWeights(spec: CampaignSpec, questionnaire: string): QuestionnaireWeights {
  const own = !!spec.questionnaires.find((x) => x.key === questionnaire)?.groupWeights;
  const name = (key: string) => spec.groups.find((g) => g.key === key)?.name ?? key;
  return { questionnaire, own, groups: questionnaireGroupWeights(spec, questionnaire).map((w) => ({ ...w, name: name(w.group) })) };
}

function scoreBallots(inputs: Inputs, c: Extract<CampaignSpec['components'][number], { source: 'ballots' }>, unit: string): BallotStep {
  const { spec } = inputs;
  const q = spec.questionnaires.find((x) => x.key === c.questionnaire)!;
  const scale = spec.scales.find((s) => s.key === q.scale)!;
  const weights = questionnaireWeights(spec, q.key);
  let numerator = Fraction.ZERO;
  let denominator = Fraction.ZERO;
  let ratings = 0;
  const groups = weights.groups.map((g): GroupStep => {
    const options = scale.options.map((o) => ({
      option: o.key,
      label: o.label,
      points: o.points,
      count: inputs.ratingCounts
        .filter((r) => r.questionnaire === q.key && r.unit === unit && r.group === g.group && r.option === o.key)
        .reduce((s, r) => s + r.count, 0),
    }));
    const scored = options.filter((o) => o.points !== null);
    const n = scored.reduce((s, o) => s + o.count, 0);
    const sum = scored.reduce((s, o) => s.add(dec(o.points!).mul(Fraction.of(o.count))), Fraction.ZERO);
    const mean = n > 0 ? sum.div(Fraction.of(n)) : null;
    if (mean) {
      numerator = numerator.add(dec(g.weight).mul(mean));
      denominator = denominator.add(dec(g.weight));
      ratings += n;
    }
    return { group: g.group, name: g.name, weight: g.weight, options, n, dontKnow: options.filter((o) => o.points === null).reduce((s, o) => s + o.count, 0), sum: show(sum), mean };
  });
  return {
    source: 'ballots',
    key: c.key,
    name: c.name,
    weight: c.weight,
    questionnaire: q.key,
    ownWeights: weights.own,
    groups,
    ratings,
    required: Math.max(spec.rules.minValidRatings, 1),
    numerator,
    denominator,
    exact: ratings > 0 ? numerator.div(denominator) : null,
  };
}

/** Every step of one unit's composite, from the open data alone. */
export function workUnit(inputs: Inputs, unit: string): UnitWork {
  const { spec } = inputs;
  const u = spec.units.find((x) => x.key === unit);
  if (!u) throw new Error(`unit ${unit} is not in the open data`);
  const components: ComponentStep[] = spec.components.map((c) => {
    if (c.source === 'ballots') return scoreBallots(inputs, c, unit);
    const entry = inputs.entered.find((e) => e.component === c.key && e.unit === unit);
    return { source: 'entered', key: c.key, name: c.name, weight: c.weight, exact: entry ? Fraction.fromDecimalString(entry.score) : null };
  });
  const missing = components.flatMap((c): UnitWork['missing'] => {
    if (c.source === 'entered') return c.exact ? [] : [{ component: c.key, reason: 'score-missing' as const }];
    return c.ratings < c.required ? [{ component: c.key, reason: 'too-few-ratings' as const }] : [];
  });
  const compositeExact = missing.length
    ? null
    : components.reduce((s, c) => s.add(dec(c.weight).mul(c.exact!)), Fraction.ZERO).div(Fraction.of(100));
  return {
    unit,
    name: u.name,
    category: u.category,
    components,
    missing,
    compositeExact,
    composite: compositeExact && roundHalfUp(compositeExact, spec.rules.decimals),
    vetoReason: inputs.vetoes.find((v) => v.unit === unit)?.reason ?? null,
  };
}

export interface Placement {
  unit: string;
  name: string;
  composite: string;
  vetoed: boolean;
  rank: number;
  top: boolean;
  bottom: boolean;
  warning: Warning;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rules 6–8 for one category, on the rounded composites: competition ranks
 * (1, 2, 2, 4), vetoed units after all others, top and bottom with ties,
 * warnings. Units without a composite are left out (they have no rank).
 */
export function placeCategory(inputs: Inputs, category: string): Placement[] {
  const { spec } = inputs;
  const cat = spec.categories.find((c) => c.key === category)!;
  const worked = spec.units.filter((u) => u.category === category).map((u) => workUnit(inputs, u.key)).filter((w) => w.composite !== null);
  const order = (list: UnitWork[]) =>
    [...list].sort((a, b) => Fraction.fromDecimalString(b.composite!).compare(Fraction.fromDecimalString(a.composite!)) || byKey(a.unit, b.unit));
  const clean = order(worked.filter((w) => !w.vetoReason));
  const vetoed = order(worked.filter((w) => w.vetoReason));
  const list = [...clean, ...vetoed];
  const ranks: number[] = [];
  list.forEach((w, i) => {
    const prev = list[i - 1];
    const tie = prev && !!prev.vetoReason === !!w.vetoReason && prev.composite === w.composite;
    ranks.push(tie ? ranks[i - 1] : i + 1);
  });
  const red = dec(spec.rules.warnings.red);
  const yellow = dec(spec.rules.warnings.yellow);
  return list.map((w, i) => {
    const c = Fraction.fromDecimalString(w.composite!);
    // Bottom: fewer than `bottom` units strictly below (a lower rank number is higher up).
    const below = ranks.filter((r) => r > ranks[i]).length;
    const warning: Warning = w.vetoReason ? 'red' : c.compare(red) < 0 ? 'red' : c.compare(yellow) < 0 ? 'yellow' : 'green';
    return { unit: w.unit, name: w.name, composite: w.composite!, vetoed: !!w.vetoReason, rank: ranks[i], top: !w.vetoReason && ranks[i] <= cat.top, bottom: below < cat.bottom, warning };
  });
}

/** Units whose recomputed composite, rank or warning differs from the published result (none, if all is well). */
export function mismatches(inputs: Inputs, result: CampaignResult): string[] {
  const out: string[] = [];
  for (const cat of inputs.spec.categories) {
    const placed = new Map(placeCategory(inputs, cat.key).map((p) => [p.unit, p]));
    for (const u of result.units.filter((x) => x.category === cat.key)) {
      const p = placed.get(u.key);
      const same = p
        ? u.composite === p.composite && u.rank === p.rank && u.warning === p.warning && u.inTop === p.top && u.inBottom === p.bottom
        : u.composite === null && u.rank === null;
      if (!same) out.push(u.key);
    }
  }
  return out;
}

/** The unit to work through by default: the best-placed unit of the first category that has one. */
export function defaultUnit(result: CampaignResult): string | null {
  for (const c of result.categories) if (c.ranked.length) return c.ranked[0];
  return result.units[0]?.key ?? null;
}

// The arithmetic as a reader writes it down: numbers and operators only, so
// the same line serves both languages.

/** "(100×2 + 80×1) ÷ 3 = 93.3333…" */
export function groupFormula(g: GroupStep): string | null {
  if (!g.mean) return null;
  const terms = g.options.filter((o) => o.points !== null && o.count > 0).map((o) => `${o.points}×${o.count}`);
  return `(${terms.join(' + ')}) ÷ ${g.n} = ${show(g.mean)}`;
}

/** "(50×93.3333… + 30×60) ÷ (50 + 30) = 80.8333…" */
export function scoreFormula(c: BallotStep): string | null {
  if (!c.exact) return null;
  const rated = c.groups.filter((g) => g.mean);
  const num = rated.map((g) => `${g.weight}×${show(g.mean!)}`).join(' + ');
  const den = rated.map((g) => `${g.weight}`).join(' + ');
  return `(${num}) ÷ ${rated.length > 1 ? `(${den})` : den} = ${show(c.exact)}`;
}

/** "(30×90 + 20×85 + 25×80 + 25×80.8333…) ÷ 100 = 84.2083…" */
export function compositeFormula(w: UnitWork): string | null {
  if (!w.compositeExact) return null;
  const terms = w.components.map((c) => `${c.weight}×${show(c.exact!)}`);
  return `(${terms.join(' + ')}) ÷ 100 = ${show(w.compositeExact)}`;
}

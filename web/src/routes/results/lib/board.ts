// From a campaign result to what the tables and charts show. Pure: the charts
// get plain numbers here (display only; every figure shown as text is the
// server's exact decimal string, never one recomputed from a float).
import type { CampaignResult, CategoryResult, ComponentResult, InsufficientReason, Trend, UnitResult, Warning } from './types';

export interface CategoryView {
  category: CategoryResult;
  /** Units with a rank, in rank order (vetoed units last). */
  ranked: UnitResult[];
  /** Units with no composite, listed apart. */
  insufficient: UnitResult[];
}

export function unitIndex(result: CampaignResult): Map<string, UnitResult> {
  return new Map(result.units.map((u) => [u.key, u]));
}

export function categoryViews(result: CampaignResult): CategoryView[] {
  const units = unitIndex(result);
  const pick = (keys: string[]) => keys.map((k) => units.get(k)).filter((u): u is UnitResult => !!u);
  return result.categories.map((category) => ({ category, ranked: pick(category.ranked), insufficient: pick(category.insufficient) }));
}

/** Components in the campaign's order, read from any unit (every unit lists all of them). */
export function componentsOf(result: CampaignResult): Pick<ComponentResult, 'key' | 'name' | 'weight' | 'source'>[] {
  const first = result.units[0];
  return first ? first.components.map(({ key, name, weight, source }) => ({ key, name, weight, source })) : [];
}

/** The ballot-fed component with the most ratings: the one whose distribution tells most. */
export function defaultDistributionComponent(result: CampaignResult): string | null {
  let best: { key: string; n: number } | null = null;
  for (const c of componentsOf(result)) {
    if (c.source !== 'ballots') continue;
    const n = result.units.reduce((s, u) => s + (u.components.find((x) => x.key === c.key)?.ratings ?? 0), 0);
    if (!best || n > best.n) best = { key: c.key, n };
  }
  return best?.key ?? null;
}

export const WARNING_KEYS: Record<Warning, string> = {
  red: 'results.warning.red',
  yellow: 'results.warning.yellow',
  green: 'results.warning.green',
};

/** Message key and params that say why a unit has no composite. */
export function reasonText(reason: InsufficientReason, componentName: (key: string) => string): { key: string; params: Record<string, string | number> } {
  const component = componentName(reason.component);
  if (reason.reason === 'score-missing') return { key: 'results.reason.scoreMissing', params: { component } };
  return { key: 'results.reason.tooFew', params: { component, ratings: reason.ratings ?? 0, required: reason.required ?? 0 } };
}

/** What the office does after n consecutive bottom placements (1 criticism, 2 talk, 3+ review). */
export function escalationKey(consecutiveBottom: number): string | null {
  if (consecutiveBottom <= 0) return null;
  if (consecutiveBottom === 1) return 'results.escalation.1';
  if (consecutiveBottom === 2) return 'results.escalation.2';
  return 'results.escalation.3';
}

export const num = (s: string | null | undefined): number | null => (s === null || s === undefined ? null : Number(s));

export interface RankingBars {
  labels: string[];
  values: number[];
  warnings: (Warning | null)[];
  vetoed: boolean[];
  /** Composites as published, for the labels drawn on the bars. */
  texts: string[];
  /** A lower bound for the value axis that keeps the differences visible. */
  min: number;
}

export function rankingBars(view: CategoryView): RankingBars {
  const ranked = view.ranked.filter((u) => u.composite !== null);
  const values = ranked.map((u) => Number(u.composite));
  const lowest = values.length ? Math.min(...values) : 0;
  return {
    labels: ranked.map((u) => `${u.rank}. ${u.name}`),
    values,
    warnings: ranked.map((u) => u.warning),
    vetoed: ranked.map((u) => u.vetoed),
    texts: ranked.map((u) => u.composite!),
    // Axis starts at a round number below the lowest composite (never below 0).
    min: Math.max(0, Math.floor((lowest - 5) / 10) * 10),
  };
}

export interface DistributionSeries {
  option: string;
  label: string;
  /** Share (%) of answers with points, per unit; null when the unit has none. */
  shares: (number | null)[];
  /** The same shares as published (exact decimal strings). */
  texts: (string | null)[];
  counts: number[];
}

export interface DistributionStack {
  /** Unit names, in the order given. */
  labels: string[];
  /** Options with points, best first (the scale's order). */
  series: DistributionSeries[];
  /** The don't-know option, counted apart: it is in no share. */
  dontKnow: { option: string; label: string; counts: number[] } | null;
  /** Ratings with points per unit. */
  ratings: number[];
}

/**
 * Stacked bars of one component's rating distribution: one bar per unit,
 * one segment per option with points, adding to 100 %; 不了解 beside it.
 */
export function distributionStack(units: UnitResult[], component: string): DistributionStack {
  const comps = units.map((u) => u.components.find((c) => c.key === component));
  const template = comps.find((c) => c?.distribution)?.distribution ?? [];
  const series: DistributionSeries[] = [];
  let dontKnow: DistributionStack['dontKnow'] = null;
  template.forEach((o, i) => {
    const counts = comps.map((c) => c?.distribution?.[i]?.count ?? 0);
    // The don't-know option is the one whose share is never given (points: null).
    const isDontKnow = comps.every((c) => (c?.distribution?.[i]?.share ?? null) === null) && comps.some((c) => c?.distribution?.some((d) => d.share !== null));
    if (isDontKnow) dontKnow = { option: o.option, label: o.label, counts };
    else {
      const texts = comps.map((c) => c?.distribution?.[i]?.share ?? null);
      series.push({ option: o.option, label: o.label, counts, texts, shares: texts.map(num) });
    }
  });
  return { labels: units.map((u) => u.name), series, dontKnow, ratings: comps.map((c) => c?.ratings ?? 0) };
}

export interface TrendLines {
  /** One label per campaign of the series, oldest first. */
  labels: string[];
  lines: { key: string; name: string; values: (number | null)[]; ranks: (number | null)[] }[];
}

/** Composite of each asked-for unit across the series; a campaign without a composite is a gap. */
export function trendLines(trend: Trend, unitKeys?: string[]): TrendLines {
  const wanted = unitKeys ? new Set(unitKeys) : null;
  return {
    labels: trend.campaigns.map((c) => String(c.year)),
    lines: trend.units
      .filter((u) => !wanted || wanted.has(u.key))
      .map((u) => ({ key: u.key, name: u.name, values: u.points.map((p) => num(p?.composite)), ranks: u.points.map((p) => p?.rank ?? null) })),
  };
}

/** A trend is worth a chart only when some unit has a composite in two or more campaigns. */
export function hasTrend(lines: TrendLines): boolean {
  return lines.lines.some((l) => l.values.filter((v) => v !== null).length >= 2);
}

/** Export link of the rankings as the server builds it. */
export function exportHref(campaign: string, format: 'xlsx' | 'csv', lang: string, category?: string): string {
  const q = new URLSearchParams({ format, lang });
  if (category) q.set('category', category);
  return `/api/v1/campaigns/${encodeURIComponent(campaign)}/results/export?${q}`;
}

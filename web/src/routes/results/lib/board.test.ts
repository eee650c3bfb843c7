import { describe, expect, it } from 'vitest';
import { categoryViews, defaultDistributionComponent, distributionStack, escalationKey, exportHref, hasTrend, rankingBars, reasonText, trendLines } from './board';
import type { CampaignResult, ComponentResult, Trend, UnitResult } from './types';

const survey = (counts: [number, number, number, number], shares: [string | null, string | null, string | null]): ComponentResult => ({
  key: 'survey',
  name: '社会调查',
  source: 'ballots',
  weight: 60,
  score: '80.00',
  ratings: counts[0] + counts[1] + counts[2],
  distribution: [
    { option: 'good', label: '满意', count: counts[0], share: shares[0] },
    { option: 'ok', label: '基本满意', count: counts[1], share: shares[1] },
    { option: 'bad', label: '不满意', count: counts[2], share: shares[2] },
    { option: 'dk', label: '不了解', count: counts[3], share: null },
  ],
});
const daily: ComponentResult = { key: 'daily', name: '日常考评', source: 'entered', weight: 40, score: '90.00', ratings: null };

const unit = (key: string, composite: string | null, rank: number | null, extra: Partial<UnitResult> = {}): UnitResult => ({
  key,
  name: `单位${key}`,
  category: 'c',
  composite,
  components: [daily, survey([2, 1, 1, 3], ['50.00', '25.00', '25.00'])],
  rank,
  warning: composite ? 'green' : null,
  vetoed: false,
  vetoReason: null,
  insufficientReasons: [],
  inTop: false,
  inBottom: false,
  consecutiveBottom: 0,
  topProblems: [],
  ...extra,
});

const result: CampaignResult = {
  decimals: 2,
  categories: [{ key: 'c', name: '处室', top: 1, bottom: 1, ranked: ['b', 'a', 'v'], insufficient: ['z'], topUnits: ['b'], bottomUnits: ['v'] }],
  units: [
    unit('a', '84.21', 2, { warning: 'yellow' }),
    unit('b', '91.50', 1),
    unit('v', '95.00', 3, { vetoed: true, vetoReason: '违纪', warning: 'red' }),
    unit('z', null, null, { insufficientReasons: [{ component: 'survey', reason: 'too-few-ratings', ratings: 1, required: 5 }] }),
  ],
};

describe('categoryViews', () => {
  it('lists ranked units in rank order (vetoed last) and insufficient ones apart', () => {
    const [view] = categoryViews(result);
    expect(view.ranked.map((u) => u.key)).toEqual(['b', 'a', 'v']);
    expect(view.insufficient.map((u) => u.key)).toEqual(['z']);
  });
});

describe('rankingBars', () => {
  it('gives the chart numbers, the published texts, warnings and veto marks in rank order', () => {
    const bars = rankingBars(categoryViews(result)[0]);
    expect(bars.labels).toEqual(['1. 单位b', '2. 单位a', '3. 单位v']);
    expect(bars.values).toEqual([91.5, 84.21, 95]);
    expect(bars.texts).toEqual(['91.50', '84.21', '95.00']);
    expect(bars.warnings).toEqual(['green', 'yellow', 'red']);
    expect(bars.vetoed).toEqual([false, false, true]);
    // A round axis start below the lowest composite keeps differences visible.
    expect(bars.min).toBe(70);
  });
});

describe('distributionStack', () => {
  it('stacks the options with points and counts 不了解 apart', () => {
    const units = [unit('a', '1', 1), unit('b', '1', 2, { components: [daily, survey([0, 4, 0, 0], ['0.00', '100.00', '0.00'])] })];
    const stack = distributionStack(units, 'survey');
    expect(stack.labels).toEqual(['单位a', '单位b']);
    expect(stack.series.map((s) => s.label)).toEqual(['满意', '基本满意', '不满意']);
    expect(stack.series[0].shares).toEqual([50, 0]);
    expect(stack.series[1].texts).toEqual(['25.00', '100.00']);
    expect(stack.dontKnow).toEqual({ option: 'dk', label: '不了解', counts: [3, 0] });
    expect(stack.ratings).toEqual([4, 4]);
  });

  it('picks the ballot-fed component with the most ratings by default', () => {
    expect(defaultDistributionComponent(result)).toBe('survey');
    expect(defaultDistributionComponent({ ...result, units: [unit('x', '1', 1, { components: [daily] })] })).toBeNull();
  });
});

describe('trendLines', () => {
  const trend: Trend = {
    series: 's',
    campaigns: [
      { key: 'y1', name: '2025', year: 2025, firstPhaseStart: '2025-04-01', published: true },
      { key: 'y2', name: '2026', year: 2026, firstPhaseStart: '2026-04-01', published: true },
    ],
    units: [
      { key: 'a', name: '甲', points: [{ campaign: 'y1', composite: '80.10', rank: 2, warning: 'green', inBottom: true, consecutiveBottom: 1 }, null] },
      { key: 'b', name: '乙', points: [{ campaign: 'y1', composite: '70.00', rank: 3, warning: 'red', inBottom: true, consecutiveBottom: 1 }, { campaign: 'y2', composite: null, rank: null, warning: null, inBottom: false, consecutiveBottom: 0 }] },
    ],
  };

  it('maps composites to numbers with gaps, per asked-for unit', () => {
    const lines = trendLines(trend, ['a']);
    expect(lines).toEqual({ labels: ['2025', '2026'], lines: [{ key: 'a', name: '甲', values: [80.1, null], ranks: [2, null] }] });
    expect(hasTrend(lines)).toBe(false);
    const both = trendLines({ ...trend, units: [{ ...trend.units[0], points: [trend.units[0].points[0], { ...trend.units[0].points[0]!, campaign: 'y2', composite: '82.00' }] }] });
    expect(hasTrend(both)).toBe(true);
  });
});

describe('words', () => {
  it('says why a unit is not ranked and what its bottom streak leads to', () => {
    expect(reasonText({ component: 'survey', reason: 'too-few-ratings', ratings: 1, required: 5 }, () => '社会调查')).toEqual({
      key: 'results.reason.tooFew',
      params: { component: '社会调查', ratings: 1, required: 5 },
    });
    expect(reasonText({ component: 'daily', reason: 'score-missing' }, () => '日常考评').key).toBe('results.reason.scoreMissing');
    expect([0, 1, 2, 3, 5].map(escalationKey)).toEqual([null, 'results.escalation.1', 'results.escalation.2', 'results.escalation.3', 'results.escalation.3']);
  });

  it('builds the export address the server expects', () => {
    expect(exportHref('nantong-2026', 'csv', 'en', 'windows')).toBe('/api/v1/campaigns/nantong-2026/results/export?format=csv&lang=en&category=windows');
    expect(exportHref('k', 'xlsx', 'zh-CN')).toBe('/api/v1/campaigns/k/results/export?format=xlsx&lang=zh-CN');
  });
});

import { describe, expect, it } from 'vitest';
import { Fraction } from '@minping/shared/scoring/fraction';
import { compositeFormula, groupFormula, mismatches, placeCategory, questionnaireWeights, scoreFormula, show, workUnit } from './method';
import type { CampaignResult, CampaignSpec, OpenData } from './types';

// docs/spec.md's worked example: survey 25 %, groups 50/30/20, daily 90, midyear 85, inquiry 80.
const spec = {
  specVersion: 1,
  key: 'ex',
  series: 'ex',
  name: 'Example',
  theme: '',
  year: 2026,
  locale: 'zh-CN',
  phases: [{ key: 'p', name: 'P', start: '2026-01-01', end: '2026-12-31' }],
  scales: [{ key: 'sat', options: [{ key: 'good', label: '满意', points: 100 }, { key: 'ok', label: '基本满意', points: 80 }, { key: 'bad', label: '不满意', points: 40 }, { key: 'dk', label: '不了解', points: null }] }],
  categories: [{ key: 'c', name: 'C', top: 1, bottom: 1 }],
  units: [
    { key: 'a', name: '甲', category: 'c' },
    { key: 'b', name: '乙', category: 'c' },
    { key: 'v', name: '丙', category: 'c' },
    { key: 'z', name: '丁', category: 'c' },
  ],
  groups: [{ key: 'citizens', name: '群众', weight: 50 }, { key: 'firms', name: '企业', weight: 30 }, { key: 'deputies', name: '代表', weight: 20 }],
  problems: [],
  questionnaires: [{ key: 'survey', title: 'S', scale: 'sat', units: 'all', problems: false, comment: false }],
  components: [
    { key: 'daily', name: '日常', weight: 30, source: 'entered' },
    { key: 'midyear', name: '年中', weight: 20, source: 'entered' },
    { key: 'inquiry', name: '质询', weight: 25, source: 'entered' },
    { key: 'survey', name: '调查', weight: 25, source: 'ballots', questionnaire: 'survey' },
  ],
  rules: { minValidRatings: 1, warnings: { red: 80, yellow: 84.21 }, decimals: 2, fraud: { maxBallotsPerDevice: 1, maxBallotsPerAddressPerMinute: 10, minSecondsPerBallot: 0 } },
} as CampaignSpec;

const rc = (unit: string, group: string, option: string, count: number) => ({ questionnaire: 'survey', unit, group, option, count });
const entered = (unit: string, daily: string, midyear: string, inquiry: string) => [
  { component: 'daily', unit, score: daily },
  { component: 'midyear', unit, score: midyear },
  { component: 'inquiry', unit, score: inquiry },
];
const inputs: OpenData['inputs'] = {
  spec,
  ratingCounts: [
    rc('a', 'citizens', 'good', 2), rc('a', 'citizens', 'ok', 1), rc('a', 'citizens', 'dk', 1), rc('a', 'firms', 'bad', 1), rc('a', 'firms', 'ok', 1),
    // b ties with a exactly; v would be first but is vetoed; z has no survey ratings.
    rc('b', 'citizens', 'good', 2), rc('b', 'citizens', 'ok', 1), rc('b', 'firms', 'bad', 1), rc('b', 'firms', 'ok', 1),
    rc('v', 'citizens', 'good', 3),
  ],
  entered: [...entered('a', '90', '85', '80'), ...entered('b', '90', '85', '80'), ...entered('v', '99', '99', '99'), ...entered('z', '90', '90', '90')],
  vetoes: [{ unit: 'v', reason: '违纪' }],
};

describe('workUnit', () => {
  it('works the spec example through: group means, weighted score, composite', () => {
    const w = workUnit(inputs, 'a');
    const survey = w.components.find((c) => c.key === 'survey');
    expect(survey?.source).toBe('ballots');
    if (survey?.source !== 'ballots') return;
    const [citizens, firms, deputies] = survey.groups;
    expect([citizens.n, citizens.dontKnow, citizens.sum, show(citizens.mean!)]).toEqual([3, 1, '280', '93.3333…']);
    expect([firms.n, show(firms.mean!)]).toEqual([2, '60']);
    expect([deputies.n, deputies.mean]).toEqual([0, null]);
    expect(show(survey.numerator)).toBe('6466.6667…');
    expect(show(survey.denominator)).toBe('80');
    expect(show(survey.exact!)).toBe('80.8333…');
    expect(survey.ratings).toBe(5);
    expect(show(w.compositeExact!)).toBe('84.2083…');
    expect(w.composite).toBe('84.21');
    expect(w.missing).toEqual([]);
  });

  it('weighs by the questionnaire’s own group weights when it lists them, and only the groups listed', () => {
    const own = { ...spec, questionnaires: [{ ...spec.questionnaires[0], groupWeights: [{ group: 'firms', weight: 3 }, { group: 'citizens', weight: 7 }] }] } as CampaignSpec;
    expect(questionnaireWeights(own, 'survey')).toEqual({ questionnaire: 'survey', own: true, groups: [{ group: 'firms', name: '企业', weight: 3 }, { group: 'citizens', name: '群众', weight: 7 }] });
    expect(questionnaireWeights(spec, 'survey').own).toBe(false);
    const w = workUnit({ ...inputs, spec: own }, 'a');
    const survey = w.components.find((c) => c.key === 'survey');
    if (survey?.source !== 'ballots') throw new Error('survey is ballot-fed');
    expect(survey.ownWeights).toBe(true);
    expect(survey.groups.map((g) => [g.group, g.weight])).toEqual([['firms', 3], ['citizens', 7]]);
    // (3·60 + 7·280/3) / 10 = 2500/30
    expect(scoreFormula(survey)).toBe('(3×60 + 7×93.3333…) ÷ (3 + 7) = 83.3333…');
    // (30·90 + 20·85 + 25·80 + 25·250/3) / 100 = 84.8333…
    expect(w.composite).toBe('84.83');
  });

  it('says which component keeps a unit from a composite', () => {
    const w = workUnit(inputs, 'z');
    expect(w.composite).toBeNull();
    expect(w.missing).toEqual([{ component: 'survey', reason: 'too-few-ratings' }]);
  });
});

describe('placeCategory', () => {
  it('ranks ties together, puts vetoed units last and red, marks top and bottom with ties', () => {
    const placed = placeCategory(inputs, 'c');
    expect(placed.map((p) => [p.unit, p.composite, p.rank, p.top, p.bottom, p.warning])).toEqual([
      ['a', '84.21', 1, true, false, 'green'],
      ['b', '84.21', 1, true, false, 'green'],
      ['v', '99.25', 3, false, true, 'red'],
    ]);
  });

  it('finds nothing to report when the published result agrees, and names the unit when not', () => {
    const unit = (key: string, composite: string | null, rank: number | null, warning: 'red' | 'green' | null, inTop: boolean, inBottom: boolean) =>
      ({ key, category: 'c', composite, rank, warning, inTop, inBottom }) as CampaignResult['units'][number];
    const result = { decimals: 2, categories: [], units: [unit('a', '84.21', 1, 'green', true, false), unit('b', '84.21', 1, 'green', true, false), unit('v', '99.25', 3, 'red', false, true), unit('z', null, null, null, false, false)] } as CampaignResult;
    expect(mismatches(inputs, result)).toEqual([]);
    result.units[1] = unit('b', '84.21', 2, 'green', true, false);
    expect(mismatches(inputs, result)).toEqual(['b']);
  });
});

describe('show', () => {
  it('writes exact values plainly and cut ones with an ellipsis', () => {
    expect(show(Fraction.of(1, 3))).toBe('0.3333…');
    expect(show(Fraction.of(5, 2))).toBe('2.5');
    expect(show(Fraction.of(80))).toBe('80');
    expect(show(Fraction.of(2, 3), 2)).toBe('0.67…');
  });
});

describe('formulas', () => {
  it('write each step of the spec example as arithmetic', () => {
    const w = workUnit(inputs, 'a');
    const survey = w.components.find((c) => c.key === 'survey');
    if (survey?.source !== 'ballots') throw new Error('survey is ballot-fed');
    expect(survey.groups.map(groupFormula)).toEqual(['(100×2 + 80×1) ÷ 3 = 93.3333…', '(80×1 + 40×1) ÷ 2 = 60', null]);
    expect(scoreFormula(survey)).toBe('(50×93.3333… + 30×60) ÷ (50 + 30) = 80.8333…');
    expect(compositeFormula(w)).toBe('(30×90 + 20×85 + 25×80 + 25×80.8333…) ÷ 100 = 84.2083…');
    expect(compositeFormula(workUnit(inputs, 'z'))).toBeNull();
  });
});

// Component scores, composites, distributions and problems, checked by hand
// against the spec README's rules and its worked example.
import { describe, expect, it } from 'vitest';
import { enteredScores, exampleSpec, ratings, smallSpec } from './fixtures/specs.js';
import { campaignResultSchema, computeCampaignResult, ScoringInputError, type RatingCount, type ScoringInput, type UnitResult } from './index.js';

const U = 'd-fgw-tz';

// The worked example: survey ratings exactly as in the README's table, plus
// midyear (five 较好 = 85) and inquiry (five 基本满意 = 80) ballots and an
// entered daily score of 90.
const surveyRatings: RatingCount[] = [
  ...ratings('survey', U, 'citizens', { satisfied: 2, basically: 1, unknown: 1 }),
  ...ratings('survey', U, 'enterprises', { dissatisfied: 1, basically: 1 }),
];
const workedExample = (spec = exampleSpec((s) => (s.rules.minValidRatings = 5))): ScoringInput => ({
  spec,
  ratingCounts: [
    ...surveyRatings,
    ...ratings('midyear', U, 'citizens', { 'fairly-good': 5 }),
    ...ratings('inquiry', U, 'citizens', { basically: 5 }),
  ],
  entered: enteredScores({ [U]: '90' }),
  vetoes: [],
});

const unit = (result: ReturnType<typeof computeCampaignResult>, key: string): UnitResult => result.units.find((u) => u.key === key)!;
const component = (u: UnitResult, key: string) => u.components.find((c) => c.key === key)!;

describe('the worked example of the spec README', () => {
  const result = computeCampaignResult(workedExample());
  const u = unit(result, U);
  const survey = component(u, 'survey');

  it('scores the survey 80.83 from 5 ratings, weighting the groups that rated', () => {
    expect(survey.score).toBe('80.83');
    expect(survey.ratings).toBe(5);
    expect(survey.byGroup).toEqual([
      { group: 'citizens', ratings: 3, mean: '93.33' },
      { group: 'enterprises', ratings: 2, mean: '60.00' },
      { group: 'deputies', ratings: 0, mean: null },
    ]);
  });

  it('builds the composite 84.21 from the unrounded survey score', () => {
    expect(u.components.map((c) => [c.key, c.source, c.weight, c.score, c.ratings])).toEqual([
      ['daily', 'entered', 30, '90.00', null],
      ['midyear', 'ballots', 20, '85.00', 5],
      ['inquiry', 'ballots', 25, '80.00', 5],
      ['survey', 'ballots', 25, '80.83', 5],
    ]);
    expect(u.composite).toBe('84.21');
    // (30·90 + 20·85 + 25·80 + 25·80.8333…)/100 = 84.208333…
    const precise = computeCampaignResult(workedExample(exampleSpec((s) => ((s.rules.minValidRatings = 5), (s.rules.decimals = 4)))));
    expect(unit(precise, U).composite).toBe('84.2083');
    expect(component(unit(precise, U), 'survey').score).toBe('80.8333');
  });

  it('gives every option its count and a share among the answers with points', () => {
    expect(survey.distribution).toEqual([
      { option: 'satisfied', label: '满意', count: 2, share: '40.00' },
      { option: 'basically', label: '基本满意', count: 2, share: '40.00' },
      { option: 'dissatisfied', label: '不满意', count: 1, share: '20.00' },
      { option: 'unknown', label: '不了解', count: 1, share: null },
    ]);
  });

  it('ranks the one scored unit first and lists the rest as insufficient', () => {
    expect(u.rank).toBe(1);
    expect(u.warning).toBe('green');
    const divisions = result.categories.find((c) => c.key === 'divisions')!;
    expect(divisions.ranked).toEqual([U]);
    expect(divisions.insufficient).toEqual(['d-rsj-sb', 'd-swj-ns', 'd-zjj-sp']);
    const empty = unit(result, 'w-yb');
    expect(empty.composite).toBeNull();
    expect(empty.rank).toBeNull();
    expect(empty.warning).toBeNull();
    expect(empty.insufficientReasons).toEqual([
      { component: 'daily', reason: 'score-missing' },
      { component: 'midyear', reason: 'too-few-ratings', ratings: 0, required: 5 },
      { component: 'inquiry', reason: 'too-few-ratings', ratings: 0, required: 5 },
      { component: 'survey', reason: 'too-few-ratings', ratings: 0, required: 5 },
    ]);
    expect(component(empty, 'survey').distribution!.map((d) => d.share)).toEqual([null, null, null, null]);
  });

  it('is plain JSON that matches the published schema', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(campaignResultSchema.parse(result)).toEqual(result);
    expect(result.units.map((x) => x.key)).toEqual(exampleSpec().units.map((x) => x.key));
  });
});

describe('ballot-fed components', () => {
  const surveyOf = (input: ScoringInput) => component(unit(computeCampaignResult(input), U), 'survey');

  it('with the example minimum of 30 ratings, 5 are too few: shown, but no composite', () => {
    const r = computeCampaignResult(workedExample(exampleSpec()));
    const u = unit(r, U);
    expect(u.composite).toBeNull();
    expect(u.rank).toBeNull();
    expect(component(u, 'survey').score).toBe('80.83');
    expect(u.insufficientReasons).toEqual([
      { component: 'midyear', reason: 'too-few-ratings', ratings: 5, required: 30 },
      { component: 'inquiry', reason: 'too-few-ratings', ratings: 5, required: 30 },
      { component: 'survey', reason: 'too-few-ratings', ratings: 5, required: 30 },
    ]);
  });

  it('treats group weights as relative: 5/3/2 scores like 50/30/20', () => {
    const spec = exampleSpec((s) => {
      s.rules.minValidRatings = 5;
      s.groups = s.groups.map((g) => ({ ...g, weight: g.weight / 10 }));
    });
    expect(spec.groups.map((g) => g.weight)).toEqual([5, 3, 2]);
    const u = unit(computeCampaignResult(workedExample(spec)), U);
    expect(component(u, 'survey').score).toBe('80.83');
    expect(u.composite).toBe('84.21');
  });

  it('leaves 不了解 out of every count and mean, even when a group answered only that', () => {
    const input = workedExample();
    input.ratingCounts.push(...ratings('survey', U, 'deputies', { unknown: 3 }));
    const survey = surveyOf(input);
    // Were the deputies counted with n_g = 0 but weight 20, the score would be
    // (50·93.33 + 30·60 + 20·0)/100 = 64.67.
    expect(survey.score).toBe('80.83');
    expect(survey.ratings).toBe(5);
    expect(survey.byGroup![2]).toEqual({ group: 'deputies', ratings: 0, mean: null });
    expect(survey.distribution![3]).toEqual({ option: 'unknown', label: '不了解', count: 4, share: null });
  });

  it('is not the plain mean of all ratings (that would be 80.00)', () => {
    const input = workedExample();
    input.ratingCounts = input.ratingCounts.filter((r) => r.group !== 'enterprises');
    input.ratingCounts.push(...ratings('survey', U, 'deputies', { dissatisfied: 1, basically: 1 }));
    // Same ratings, now from deputies (weight 20): (50·93.333… + 20·60)/70.
    expect(surveyOf(input).score).toBe('83.81');
  });

  it('has no score when every answer is 不了解, and says why with 0 ratings', () => {
    const input = workedExample();
    input.ratingCounts = input.ratingCounts.filter((r) => r.questionnaire !== 'survey');
    input.ratingCounts.push(...ratings('survey', U, 'citizens', { unknown: 7 }));
    const u = unit(computeCampaignResult(input), U);
    expect(component(u, 'survey')).toMatchObject({ score: null, ratings: 0 });
    expect(u.insufficientReasons).toEqual([{ component: 'survey', reason: 'too-few-ratings', ratings: 0, required: 5 }]);
  });

  it('needs at least one rating for a score even when minValidRatings is 0', () => {
    const input = workedExample(exampleSpec((s) => (s.rules.minValidRatings = 0)));
    input.ratingCounts = input.ratingCounts.filter((r) => r.questionnaire !== 'inquiry');
    const u = unit(computeCampaignResult(input), U);
    expect(u.composite).toBeNull();
    expect(u.insufficientReasons).toEqual([{ component: 'inquiry', reason: 'too-few-ratings', ratings: 0, required: 1 }]);
    expect(unit(computeCampaignResult(workedExample(exampleSpec((s) => (s.rules.minValidRatings = 0)))), U).composite).toBe('84.21');
  });

  it('adds up repeated rows for the same cell', () => {
    const input = workedExample();
    input.ratingCounts.push(...ratings('survey', U, 'enterprises', { dissatisfied: 0 }));
    input.ratingCounts.push(...ratings('survey', U, 'citizens', { satisfied: 0 }));
    expect(surveyOf(input).score).toBe('80.83');
  });

  it('rounds shares half up: 1 of 3 is 33.33, 2 of 3 is 66.67', () => {
    const input = workedExample();
    input.ratingCounts = [...ratings('survey', U, 'citizens', { satisfied: 2, dissatisfied: 1 }), ...input.ratingCounts.filter((r) => r.questionnaire !== 'survey')];
    const d = surveyOf(input).distribution!;
    expect(d.map((x) => [x.option, x.count, x.share])).toEqual([
      ['satisfied', 2, '66.67'],
      ['basically', 0, '0.00'],
      ['dissatisfied', 1, '33.33'],
      ['unknown', 0, null],
    ]);
  });
});

describe('entered components and rounding', () => {
  const twoEntered = smallSpec({
    units: [['a', 'cat']],
    components: [
      { key: 'daily', name: '日常考评', weight: 50, source: 'entered' },
      { key: 'review', name: '年终考核', weight: 50, source: 'entered' },
    ],
  });

  it('rounds a composite of exactly 84.205 up to 84.21 (JS floats give 84.20)', () => {
    expect(((50 * 84.2 + 50 * 84.21) / 100).toFixed(2)).toBe('84.20');
    const r = computeCampaignResult({
      spec: twoEntered,
      ratingCounts: [],
      entered: [...enteredScores({ a: '84.2' }), ...enteredScores({ a: '84.21' }, 'review')],
      vetoes: [],
    });
    expect(r.units[0].composite).toBe('84.21');
  });

  it('rounds an entered 1.005 to 1.01', () => {
    const r = computeCampaignResult({ spec: smallSpec({ units: [['a', 'cat']] }), ratingCounts: [], entered: enteredScores({ a: '1.005' }), vetoes: [] });
    expect(r.units[0].components[0].score).toBe('1.01');
    expect(r.units[0].composite).toBe('1.01');
  });

  it('builds the composite from unrounded component scores', () => {
    // Shown 80.01 and 80.00, their mean would be 80.005 → 80.01; the exact
    // mean of 80.005 and 80.004 is 80.0045 → 80.00.
    const r = computeCampaignResult({
      spec: twoEntered,
      ratingCounts: [],
      entered: [...enteredScores({ a: '80.005' }), ...enteredScores({ a: '80.004' }, 'review')],
      vetoes: [],
    });
    expect(r.units[0].components.map((c) => c.score)).toEqual(['80.01', '80.00']);
    expect(r.units[0].composite).toBe('80.00');
  });

  it('marks a unit insufficient when one entered score is missing', () => {
    const r = computeCampaignResult({ spec: twoEntered, ratingCounts: [], entered: enteredScores({ a: '90' }), vetoes: [] });
    expect(r.units[0].composite).toBeNull();
    expect(r.units[0].components.map((c) => c.score)).toEqual(['90.00', null]);
    expect(r.units[0].insufficientReasons).toEqual([{ component: 'review', reason: 'score-missing' }]);
  });

  it('lets the later of two entries for the same component and unit win', () => {
    const r = computeCampaignResult({ spec: twoEntered, ratingCounts: [], entered: [...enteredScores({ a: '10' }), ...enteredScores({ a: '70' }), ...enteredScores({ a: '80' }, 'review')], vetoes: [] });
    expect(r.units[0].composite).toBe('75.00');
  });
});

describe('top problems', () => {
  // Inquiry gets a checklist too, so shares run over two questionnaires.
  const spec = exampleSpec((s) => {
    s.questionnaires = s.questionnaires.map((q) => (q.key === 'inquiry' ? { ...q, problems: true } : q));
  });
  const base = { spec, ratingCounts: [], entered: [], vetoes: [] };
  const tick = (questionnaire: string, group: string, problem: string, count: number) => ({ questionnaire, unit: U, group, problem, count });

  it('sums ticks over groups and questionnaires, most ticked first, ties in spec order', () => {
    const r = computeCampaignResult({
      ...base,
      problemCounts: [
        tick('survey', 'citizens', 'slow', 7),
        tick('survey', 'citizens', 'attitude', 10),
        tick('survey', 'enterprises', 'attitude', 5),
        tick('inquiry', 'deputies', 'attitude', 5),
        tick('inquiry', 'citizens', 'shirking', 7),
        tick('survey', 'deputies', 'lazy', 12),
        tick('survey', 'citizens', 'graft', 0),
      ],
      // midyear has no checklist: its 30 ballots are not in the denominator (50).
      ballotCounts: [
        { questionnaire: 'survey', unit: U, count: 40 },
        { questionnaire: 'inquiry', unit: U, count: 10 },
        { questionnaire: 'midyear', unit: U, count: 30 },
      ],
    });
    expect(unit(r, U).topProblems).toEqual([
      { problem: 'attitude', label: '门难进、脸难看、事难办', count: 20, share: '40.00' },
      { problem: 'lazy', label: '庸懒散', count: 12, share: '24.00' },
      { problem: 'shirking', label: '推诿扯皮、推拖绕', count: 7, share: '14.00' },
      { problem: 'slow', label: '办事效率低、久拖不办', count: 7, share: '14.00' },
    ]);
    expect(unit(r, 'w-gs').topProblems).toEqual([]);
  });

  it('has no share without ballot counts', () => {
    const r = computeCampaignResult({ ...base, problemCounts: [tick('survey', 'citizens', 'lazy', 3)] });
    expect(unit(r, U).topProblems).toEqual([{ problem: 'lazy', label: '庸懒散', count: 3, share: null }]);
  });
});

describe('input the spec does not allow', () => {
  const base = workedExample();
  const bad: Array<[string, Partial<ScoringInput>, RegExp]> = [
    ['an unknown unit', { ratingCounts: ratings('survey', 'nope', 'citizens', { satisfied: 1 }) }, /ratingCounts\[0\]: unknown unit "nope"/],
    ['an option of another scale', { ratingCounts: ratings('survey', U, 'citizens', { good: 1 }) }, /option "good" is not on scale "satisfaction"/],
    ['an unknown group', { ratingCounts: ratings('survey', U, 'press', { satisfied: 1 }) }, /unknown group "press"/],
    ['a negative count', { ratingCounts: ratings('survey', U, 'citizens', { satisfied: -1 }) }, /non-negative integer/],
    ['problems of a form without a checklist', { problemCounts: [{ questionnaire: 'midyear', unit: U, group: 'citizens', problem: 'lazy', count: 1 }] }, /has no problem checklist/],
    ['an entered score for a ballot component', { entered: enteredScores({ [U]: '90' }, 'survey') }, /fed by ballots/],
    ['an entered score that is no decimal', { entered: enteredScores({ [U]: '9O' }) }, /not a decimal number/],
    ['an entered score above 100', { entered: enteredScores({ [U]: '100.01' }) }, /outside 0–100/],
    ['a negative entered score', { entered: enteredScores({ [U]: '-0.5' }) }, /outside 0–100/],
    ['a veto of an unknown unit', { vetoes: [{ unit: 'nope', reason: 'x' }] }, /vetoes\[0\]: unknown unit/],
  ];
  it.each(bad)('refuses %s', (_, patch, message) => {
    expect(() => computeCampaignResult({ ...base, ...patch })).toThrow(ScoringInputError);
    expect(() => computeCampaignResult({ ...base, ...patch })).toThrow(message);
  });
});

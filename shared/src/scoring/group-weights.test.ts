// Group weights per questionnaire (docs/spec.md, scoring rule 1), on a
// Nantong-style year: in the public inquiry (质询评议) deputies weigh 40
// against citizens' 60; in the social survey (社会调查) citizens, enterprises
// and deputies weigh 50/30/20; the mid-year evaluation lists nothing and so
// uses the campaign's weights. Every figure below is worked out by hand.
import { describe, expect, it } from 'vitest';
import { enteredScores, exampleSpec, ratings } from './fixtures/specs.js';
import { computeCampaignResult, ScoringInputError, type ScoringInput, type UnitResult } from './index.js';
import type { CampaignSpec } from '../spec.js';

const U = 'd-fgw-tz';

function nantong(edit?: (s: CampaignSpec) => void) {
  return exampleSpec((s) => {
    s.rules.minValidRatings = 1;
    s.rules.decimals = 4;
    // The campaign's weights (citizens 50, enterprises 30, deputies 20) are left as they are.
    s.questionnaires.find((q) => q.key === 'inquiry')!.groupWeights = [
      { group: 'deputies', weight: 40 },
      { group: 'citizens', weight: 60 },
    ];
    s.questionnaires.find((q) => q.key === 'survey')!.groupWeights = [
      { group: 'citizens', weight: 50 },
      { group: 'enterprises', weight: 30 },
      { group: 'deputies', weight: 20 },
    ];
    edit?.(s);
  });
}

const input = (spec: CampaignSpec): ScoringInput => ({
  spec,
  ratingCounts: [
    // inquiry: deputies (300 + 80)/4 = 95; citizens (200 + 240 + 80)/7 = 520/7 = 74.285714…
    ...ratings('inquiry', U, 'deputies', { satisfied: 3, basically: 1, unknown: 1 }),
    ...ratings('inquiry', U, 'citizens', { satisfied: 2, basically: 3, dissatisfied: 2 }),
    // survey: citizens 280/3 = 93.333…; enterprises 60; deputies 100
    ...ratings('survey', U, 'citizens', { satisfied: 2, basically: 1, unknown: 1 }),
    ...ratings('survey', U, 'enterprises', { dissatisfied: 1, basically: 1 }),
    ...ratings('survey', U, 'deputies', { satisfied: 1 }),
    // midyear (no listing: the campaign's weights): citizens only, 较好 85
    ...ratings('midyear', U, 'citizens', { 'fairly-good': 5 }),
  ],
  entered: enteredScores({ [U]: '90' }),
  vetoes: [],
});

const unitOf = (spec: CampaignSpec): UnitResult => computeCampaignResult(input(spec)).units.find((u) => u.key === U)!;
const part = (u: UnitResult, key: string) => u.components.find((c) => c.key === key)!;

describe('group weights per questionnaire (the Nantong example)', () => {
  const u = unitOf(nantong());

  it('weighs deputies 40 against citizens 60 in the inquiry', () => {
    // (40·95 + 60·520/7) / (40 + 60) = (26600/7 + 31200/7)/100 = 57800/700 = 82.571428…
    expect(part(u, 'inquiry').score).toBe('82.5714');
    expect(part(u, 'inquiry').ratings).toBe(11);
    // Only the groups that answer the inquiry, in its listing's order.
    expect(part(u, 'inquiry').byGroup).toEqual([
      { group: 'deputies', ratings: 4, mean: '95.0000' },
      { group: 'citizens', ratings: 7, mean: '74.2857' },
    ]);
  });

  it('weighs citizens, enterprises and deputies 50/30/20 in the survey', () => {
    // (50·280/3 + 30·60 + 20·100) / 100 = (14000 + 11400)/300 = 254/3 = 84.666…
    expect(part(u, 'survey').score).toBe('84.6667');
    expect(part(u, 'survey').byGroup!.map((g) => [g.group, g.mean])).toEqual([
      ['citizens', '93.3333'],
      ['enterprises', '60.0000'],
      ['deputies', '100.0000'],
    ]);
  });

  it('builds the composite from the unrounded scores, to the last decimal', () => {
    expect(part(u, 'midyear').score).toBe('85.0000');
    // (30·90 + 20·85 + 25·578/7 + 25·254/3)/100 = (92400 + 43350 + 44450)/(21·100) = 1802/21 = 85.809523…
    expect(u.composite).toBe('85.8095');
    const two = unitOf(nantong((s) => (s.rules.decimals = 2)));
    expect(two.composite).toBe('85.81');
  });

  it('differs from the campaign weights, which would give the inquiry (20·95 + 50·520/7)/70 = 80.2040…', () => {
    const campaignWide = unitOf(nantong((s) => s.questionnaires.forEach((q) => delete q.groupWeights)));
    expect(part(campaignWide, 'inquiry').score).toBe('80.2041');
    expect(part(campaignWide, 'inquiry').byGroup!.map((g) => g.group)).toEqual(['citizens', 'enterprises', 'deputies']);
  });

  it('treats a questionnaire’s weights as relative: 4/6 scores like 40/60', () => {
    const small = unitOf(nantong((s) => (s.questionnaires.find((q) => q.key === 'inquiry')!.groupWeights = [{ group: 'deputies', weight: 4 }, { group: 'citizens', weight: 6 }])));
    expect(part(small, 'inquiry').score).toBe('82.5714');
    expect(small.composite).toBe('85.8095');
  });

  it('refuses ratings from a group that does not answer the questionnaire, rather than drop or guess their weight', () => {
    const spec = nantong();
    const bad = { ...input(spec), ratingCounts: [...input(spec).ratingCounts, ...ratings('inquiry', U, 'enterprises', { satisfied: 1 })] };
    expect(() => computeCampaignResult(bad)).toThrow(ScoringInputError);
    expect(() => computeCampaignResult(bad)).toThrow('group "enterprises" does not answer questionnaire "inquiry"');
    const problems = { ...input(spec), problemCounts: [{ questionnaire: 'survey', unit: U, group: 'enterprises', problem: spec.problems[0].key, count: 1 }] };
    expect(() => computeCampaignResult(problems)).not.toThrow();
  });
});

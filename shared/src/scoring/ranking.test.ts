// Ranks, top/bottom sets, vetoes, warnings and consecutive bottom placements.
// The fixtures score every unit by one entered component of weight 100, so a
// unit's composite is exactly the score it is given here.
import { describe, expect, it } from 'vitest';
import { enteredScores, smallSpec } from './fixtures/specs.js';
import { computeCampaignResult, type CampaignResult, type ScoringInput } from './index.js';

interface Case {
  scores: Record<string, string | null>;
  top?: number;
  bottom?: number;
  vetoed?: string[];
  previous?: Record<string, number>;
}

/** One category holding the units of `scores`; null = no entered score. */
function run(c: Case): CampaignResult {
  const keys = Object.keys(c.scores);
  const input: ScoringInput = {
    spec: smallSpec({ units: keys.map((k) => [k, 'cat']), categories: [{ key: 'cat', top: c.top ?? 1, bottom: c.bottom ?? 1 }] }),
    ratingCounts: [],
    entered: enteredScores(Object.fromEntries(Object.entries(c.scores).filter((e): e is [string, string] => e[1] !== null))),
    vetoes: (c.vetoed ?? []).map((unit) => ({ unit, reason: `${unit} 一票否决` })),
    previousConsecutiveBottom: c.previous,
  };
  return computeCampaignResult(input);
}

const ranks = (r: CampaignResult) => Object.fromEntries(r.units.map((u) => [u.key, u.rank]));
const cat = (r: CampaignResult) => r.categories[0];

describe('rank', () => {
  it('uses competition ranking, highest first, ties ordered by key', () => {
    const r = run({ scores: { 'u-d': '90', 'u-c': '85', 'u-a': '85', 'u-b': '80' } });
    expect(cat(r).ranked).toEqual(['u-d', 'u-a', 'u-c', 'u-b']);
    expect(ranks(r)).toEqual({ 'u-d': 1, 'u-c': 2, 'u-a': 2, 'u-b': 4 });
  });

  it('ranks on the rounded composite: 85.0049 and 85.0001 tie, 85.005 is ahead', () => {
    const r = run({ scores: { b: '85.0049', a: '85.0001', c: '85.005' } });
    expect(r.units.map((u) => u.composite)).toEqual(['85.00', '85.00', '85.01']);
    expect(cat(r).ranked).toEqual(['c', 'a', 'b']);
    expect(ranks(r)).toEqual({ c: 1, a: 2, b: 2 });
  });

  it('ranks within each category separately', () => {
    const spec = smallSpec({
      units: [['a', 'x'], ['b', 'x'], ['c', 'y']],
      categories: [{ key: 'x', top: 1, bottom: 1 }, { key: 'y', top: 1, bottom: 1 }],
    });
    const r = computeCampaignResult({ spec, ratingCounts: [], entered: enteredScores({ a: '50', b: '60', c: '10' }), vetoes: [] });
    expect(ranks(r)).toEqual({ a: 2, b: 1, c: 1 });
    expect(r.categories.map((c) => [c.key, c.ranked])).toEqual([['x', ['b', 'a']], ['y', ['c']]]);
  });

  it('gives an insufficient unit no rank and lists it apart', () => {
    const r = run({ scores: { a: '90', b: null, c: '80' } });
    expect(ranks(r)).toEqual({ a: 1, b: null, c: 2 });
    expect(cat(r).ranked).toEqual(['a', 'c']);
    expect(cat(r).insufficient).toEqual(['b']);
    expect(r.units[1].insufficientReasons).toEqual([{ component: 'daily', reason: 'score-missing' }]);
  });
});

describe('veto', () => {
  it('puts a vetoed unit after every other, red, never in top, even with the best score', () => {
    const r = run({ scores: { a: '99', b: '80', c: '70' }, vetoed: ['a'], top: 1, bottom: 1 });
    const a = r.units[0];
    expect(cat(r).ranked).toEqual(['b', 'c', 'a']);
    expect(ranks(r)).toEqual({ a: 3, b: 1, c: 2 });
    expect(a).toMatchObject({ composite: '99.00', vetoed: true, vetoReason: 'a 一票否决', warning: 'red', inTop: false, inBottom: true });
    expect(cat(r).topUnits).toEqual(['b']);
    expect(cat(r).bottomUnits).toEqual(['a']);
  });

  it('keeps a vetoed unit out of top even when its rank is within top', () => {
    const r = run({ scores: { a: '99', b: '80' }, vetoed: ['a'], top: 5 });
    expect(ranks(r)).toEqual({ a: 2, b: 1 });
    expect(cat(r).topUnits).toEqual(['b']);
    expect(r.units[0].inTop).toBe(false);
  });

  it('ranks vetoed units among themselves by composite, ties sharing a rank, after the others', () => {
    const r = run({ scores: { a: '99', b: '80', c: '70', d: '70', e: '60', f: '90' }, vetoed: ['a', 'd', 'e', 'f'] });
    expect(cat(r).ranked).toEqual(['b', 'c', 'a', 'f', 'd', 'e']);
    expect(ranks(r)).toEqual({ b: 1, c: 2, a: 3, f: 4, d: 5, e: 6 });
    const tied = run({ scores: { a: '90', b: '90', c: '50' }, vetoed: ['a', 'b'] });
    expect(ranks(tied)).toEqual({ a: 2, b: 2, c: 1 });
  });

  it('keeps an insufficient vetoed unit vetoed and red, without rank or bottom place', () => {
    const r = run({ scores: { a: null, b: '80', c: '70' }, vetoed: ['a'], bottom: 1 });
    expect(r.units[0]).toMatchObject({ composite: null, rank: null, vetoed: true, warning: 'red', inBottom: false });
    expect(cat(r).insufficient).toEqual(['a']);
    expect(cat(r).bottomUnits).toEqual(['c']);
  });
});

describe('top and bottom', () => {
  // Ranks 1, 2, 3, 3, 5, 5, 7.
  const scores = { a: '95', b: '90', c: '88', d: '88', e: '80', f: '80', g: '70' };

  it('takes everyone with rank ≤ top, so a tie at the edge is all in', () => {
    expect(cat(run({ scores, top: 3 })).topUnits).toEqual(['a', 'b', 'c', 'd']);
    expect(cat(run({ scores, top: 2 })).topUnits).toEqual(['a', 'b']);
    expect(cat(run({ scores, top: 0 })).topUnits).toEqual([]);
  });

  it('takes everyone with fewer than bottom units strictly below, so a tie at the edge is all in', () => {
    // g has 0 below, e and f have 1 below each: all three, although bottom is 2.
    expect(cat(run({ scores, bottom: 2 })).bottomUnits).toEqual(['e', 'f', 'g']);
    expect(cat(run({ scores, bottom: 1 })).bottomUnits).toEqual(['g']);
    // c and d have 3 below: not < 3.
    expect(cat(run({ scores, bottom: 3 })).bottomUnits).toEqual(['e', 'f', 'g']);
    expect(cat(run({ scores, bottom: 4 })).bottomUnits).toEqual(['c', 'd', 'e', 'f', 'g']);
    expect(cat(run({ scores, bottom: 0 })).bottomUnits).toEqual([]);
    const r = run({ scores, top: 3, bottom: 2 });
    expect(r.units.map((u) => [u.key, u.inTop, u.inBottom])).toEqual([
      ['a', true, false], ['b', true, false], ['c', true, false], ['d', true, false],
      ['e', false, true], ['f', false, true], ['g', false, true],
    ]);
  });

  it('counts vetoed units as lowest', () => {
    // Without the veto the bottom two would be c (80) and d (70).
    const r = run({ scores: { a: '95', b: '90', c: '80', d: '70' }, vetoed: ['a'], bottom: 2 });
    expect(cat(r).bottomUnits).toEqual(['d', 'a']);
    expect(r.units.find((u) => u.key === 'c')!.inBottom).toBe(false);
  });

  it('leaves insufficient units out of the bottom set', () => {
    const r = run({ scores: { a: '90', b: '80', c: null }, bottom: 1 });
    expect(cat(r).bottomUnits).toEqual(['b']);
  });
});

describe('warnings (red 70, yellow 80 in the example rules)', () => {
  it('is red below red, yellow from red up to below yellow, green from yellow up', () => {
    const r = run({ scores: { a: '69.99', b: '70', c: '79.99', d: '80', e: '100', f: '0' } });
    expect(r.units.map((u) => [u.key, u.warning])).toEqual([
      ['a', 'red'], ['b', 'yellow'], ['c', 'yellow'], ['d', 'green'], ['e', 'green'], ['f', 'red'],
    ]);
  });

  it('compares the rounded composite: 69.995 shows 70.00 and is yellow, 79.995 is green', () => {
    const r = run({ scores: { a: '69.995', b: '79.995', c: '69.9949' } });
    expect(r.units.map((u) => [u.composite, u.warning])).toEqual([
      ['70.00', 'yellow'], ['80.00', 'green'], ['69.99', 'red'],
    ]);
  });

  it('gives an insufficient, unvetoed unit no warning', () => {
    expect(run({ scores: { a: null } }).units[0].warning).toBeNull();
  });
});

describe('consecutive bottom', () => {
  it('continues the previous run when in the bottom set, and resets it otherwise', () => {
    const r = run({ scores: { a: '90', b: '60', c: '60', d: null }, bottom: 1, previous: { a: 4, b: 2, d: 7, gone: 3 } });
    expect(r.units.map((u) => [u.key, u.inBottom, u.consecutiveBottom])).toEqual([
      ['a', false, 0], ['b', true, 3], ['c', true, 1], ['d', false, 0],
    ]);
  });
});

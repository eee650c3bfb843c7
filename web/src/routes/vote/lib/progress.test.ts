import { describe, expect, it } from 'vitest';
import { questionnaire } from './fixture';
import { firstUnrated, knows, progress, unitKeys } from './progress';

const view = questionnaire();

describe('progress', () => {
  it('counts units across categories, in order', () => {
    expect(unitKeys(view)).toEqual(['w1', 'w2', 'd1', 'd2', 'd3']);
    expect(progress(view, {})).toEqual({ rated: 0, total: 5 });
  });

  it('counts 不了解 as answered, and ignores unknown units or options', () => {
    expect(progress(view, { w1: 'good', d1: 'unknown', ghost: 'good', d2: 'excellent' })).toEqual({ rated: 2, total: 5 });
  });

  it('finds the first unrated unit, or none', () => {
    expect(firstUnrated(view, { w1: 'good' })).toBe('w2');
    expect(firstUnrated(view, { w1: 'good', w2: 'poor', d1: 'fair', d2: 'unknown', d3: 'good' })).toBeNull();
  });

  it('knows a unit only when its rating has points', () => {
    expect(knows(view, 'poor')).toBe(true);
    expect(knows(view, 'unknown')).toBe(false);
    expect(knows(view, undefined)).toBe(false);
  });
});

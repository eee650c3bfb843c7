import { describe, expect, it } from 'vitest';
import { checkBallot, fits, type QuestionnaireShape } from './questionnaire.js';

const shape: QuestionnaireShape = {
  units: new Set(['u1', 'u2']),
  options: new Set(['good', 'poor']),
  problems: new Set(['slow']),
  comment: true,
};
const ballot = (extra: object = {}) => ({ ratings: { u1: 'good', u2: 'poor' }, answeringMs: 1000, ...extra });

describe('checkBallot and fits', () => {
  it('takes a ballot that fits', () => {
    expect(checkBallot(shape, ballot({ problems: { u1: ['slow'] }, comment: '好' }))).toEqual([]);
    expect(fits(shape, ballot())).toBe(true);
  });

  it('names every issue, up to the number asked for', () => {
    const bad = ballot({ ratings: { u1: 'meh', x: 'good' }, problems: { u2: ['slow', 'slow', 'rude'] } });
    expect(checkBallot(shape, bad).map((i) => i.path)).toEqual(['ratings.u1', 'ratings.x', 'problems.u2', 'problems.u2']);
    expect(checkBallot(shape, bad, 3)).toHaveLength(3);
    expect(fits(shape, bad)).toBe(false);
    expect(fits({ ...shape, comment: false }, ballot({ comment: 'x' }))).toBe(false);
    expect(fits({ ...shape, problems: null }, ballot({ problems: { u1: ['slow'] } }))).toBe(false);
    expect(fits(shape, ballot({ ratings: {} }))).toBe(false);
  });

  it('stops at the first issue of a hostile ballot instead of describing thousands', () => {
    const ratings = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`nope-${i}`, 'good']));
    const problems = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`nope-${i}`, ['rude']]));
    expect(checkBallot(shape, ballot({ ratings, problems }), 20)).toHaveLength(20);
    expect(checkBallot(shape, ballot({ ratings: { u1: 'good' }, problems }), 1)).toHaveLength(1);
    expect(fits(shape, ballot({ ratings, problems }))).toBe(false);
  });
});

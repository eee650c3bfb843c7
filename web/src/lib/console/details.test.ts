import { describe, expect, it } from 'vitest';
import { interpolate, type Translate } from '../i18n/format';
import { detailText, problemCount } from './details';
import en from './i18n/en';

const tr: Translate = (key, params) => (key in en ? interpolate(en[key], params) : undefined);

describe('a problem said from its code', () => {
  it('says a score file row by its line, in the page language', () => {
    expect(detailText({ path: 'line 3.score', message: 'x', code: 'CSV_SCORE_INVALID', params: { line: 3, value: '101' } }, tr)).toBe(
      'Line 3: "101" is not a score (0–100, at most 4 decimals).',
    );
    expect(detailText({ path: 'line 5.unit', message: 'x', code: 'CSV_UNIT_TWICE', params: { line: 5, unit: 'w-yb', first: 2 } }, tr)).toBe(
      'Line 5: unit "w-yb" is given twice (first on line 2).',
    );
  });
  it('leaves a problem without words of its own to its path and message', () => {
    expect(detailText({ path: 'units[1].key', message: 'x', code: 'DUPLICATE_KEY', params: { key: 'a', first: 'units[0]' } }, tr)).toBeUndefined();
    expect(detailText({ path: 'body', message: 'x' }, tr)).toBeUndefined();
  });
  it('counts the problems a cut-short list left out', () => {
    const row = { path: 'line 2.unit', message: 'x', code: 'CSV_UNIT_UNKNOWN', params: { line: 2, unit: 'x' } };
    expect(problemCount([row, row])).toBe(2);
    expect(problemCount([row, { path: '(file)', message: 'and 50 more', code: 'CSV_MORE_PROBLEMS', params: { more: 50 } }])).toBe(51);
    expect(problemCount([])).toBe(0);
  });
});

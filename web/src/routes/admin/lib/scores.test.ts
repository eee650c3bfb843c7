import { describe, expect, it } from 'vitest';
import { isScore, normalizeScore, parsePastedScores, previewRows, sameScore, trimScore } from './scores';

const UNITS = [
  { key: 'd-fgw-tz', name: '市发改委投资处' },
  { key: 'd-zjj-sp', name: '市住建局审批处' },
  { key: 'w-gs', name: '市场监管窗口' },
];

describe('a pasted column of scores', () => {
  it('fills the units in table order; an empty line leaves that unit alone', () => {
    const r = parsePastedScores('92.5\n\n88\n', UNITS);
    expect(r.mode).toBe('column');
    expect([...r.scores]).toEqual([
      ['d-fgw-tz', '92.5'],
      ['w-gs', '88'],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('accepts Windows line ends, spaces and full-width digits from a Chinese input method', () => {
    const r = parsePastedScores(' ９０．５ \r\n100\r\n0\r\n', UNITS);
    expect([...r.scores.values()]).toEqual(['90.5', '100', '0']);
  });

  it('names each line that is not a score, and lines beyond the last unit', () => {
    const r = parsePastedScores('101\nabc\n85.12345\n90', UNITS);
    expect(r.scores.size).toBe(0);
    expect(r.problems).toEqual([
      { line: 1, text: '101', reason: 'notScore' },
      { line: 2, text: 'abc', reason: 'notScore' },
      { line: 3, text: '85.12345', reason: 'notScore' },
      { line: 4, text: '90', reason: 'extra' },
    ]);
  });

  it('reads two columns (unit key or name, score) in any order, skipping a header', () => {
    const r = parsePastedScores('单位\t分数\n市场监管窗口\t91\nd-fgw-tz\t87.5\n', UNITS);
    expect(r.mode).toBe('pairs');
    expect(Object.fromEntries(r.scores)).toEqual({ 'w-gs': '91', 'd-fgw-tz': '87.5' });
    expect(r.problems).toEqual([]);
  });

  it('reports unknown units, bad scores and a unit given twice', () => {
    const r = parsePastedScores('w-gs,90\nnope,80\nd-zjj-sp,abc\nw-gs,70', UNITS);
    expect(Object.fromEntries(r.scores)).toEqual({ 'w-gs': '90' });
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'unknownUnit'],
      [3, 'notScore'],
      [4, 'duplicate'],
    ]);
  });
});

describe('scores', () => {
  it('are 0–100 with at most four decimals', () => {
    for (const ok of ['0', '100', '99.9999', '7']) expect(isScore(ok), ok).toBe(true);
    for (const bad of ['', '-1', '100.01', '1e2', '50.', '.5', '1000']) expect(isScore(bad), bad).toBe(false);
    expect(normalizeScore(' 8 5 。5')).toBe('85.5');
  });

  it('are shown without the stored trailing zeros', () => {
    expect(trimScore('86.0000')).toBe('86');
    expect(trimScore('91.2500')).toBe('91.25');
    expect(trimScore('100')).toBe('100');
    expect(trimScore(null)).toBe(null);
  });

  it('compare as numbers', () => {
    expect(sameScore('85', '85.00')).toBe(true);
    expect(sameScore(null, '85')).toBe(false);
    expect(sameScore(null, null)).toBe(true);
  });
});

describe('the CSV preview', () => {
  it('says for each unit whether its score is new, raised or lowered, and by how much', () => {
    const rows = previewRows([
      { unit: 'a', unitName: 'A', from: null, to: '90' },
      { unit: 'b', unitName: 'B', from: '80.1', to: '80.3' },
      { unit: 'c', unitName: 'C', from: '90', to: '85.5' },
    ]);
    expect(rows.map((r) => [r.unit, r.direction, r.delta])).toEqual([
      ['a', 'new', null],
      ['b', 'up', '+0.2'],
      ['c', 'down', '-4.5'],
    ]);
  });
});

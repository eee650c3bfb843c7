import { describe, expect, it } from 'vitest';
import { clip, findBadText, isCleanText } from './text.js';
import { cleanText, withCleanText } from './contracts/text.js';
import { z } from 'zod';

describe('text guard', () => {
  it('accepts ordinary text, emoji (paired surrogates) and control characters other than NUL', () => {
    for (const s of ['', 'abc', '民调', '👍🏽 ok', 'tab\there\nnewline', '\u0001']) expect(isCleanText(s)).toBe(true);
  });

  it('refuses NUL and unpaired surrogates wherever they sit in the string', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', '\ud800x', 'x\udc00', '\udc00\ud800', '👍\ud83d', '\ud83d\ud83d\udc4d\udc4d']) expect(isCleanText(s)).toBe(false);
  });

  it('agrees with String.prototype.isWellFormed, less NUL, on every string of up to six code units from NUL, a high and a low surrogate and a letter', () => {
    const units = ['\u0000', '\ud83d', '\udc4d', 'a'];
    let strings = [''];
    for (let n = 0; n < 6; n++) {
      strings = strings.flatMap((s) => units.map((u) => s + u));
      for (const s of strings) expect(isCleanText(s), JSON.stringify(s)).toBe((s as string & { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000'));
    }
  });

  it('finds the first bad string in a body, in values and in object keys, with its path', () => {
    expect(findBadText({ a: 'ok', b: [1, 'x', { c: 'bad\u0000' }] })).toEqual({ path: 'body.b[2].c', message: expect.any(String) });
    expect(findBadText({ ['k\ud800']: 1 }, 'query')).toEqual({ path: 'query.<key>', message: expect.any(String) });
    expect(findBadText('\udfff', 'body')?.path).toBe('body');
    expect(findBadText({ a: 1, b: null, c: true, d: ['ok'] })).toBeNull();
  });

  it('walks ten thousand levels of nesting without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(10_000) + '"\\u0000"' + ']'.repeat(10_000));
    expect(findBadText(deep)?.path.endsWith('[0]')).toBe(true);
  });

  it('gives zod schemas the same check', () => {
    expect(cleanText.safeParse('ok').success).toBe(true);
    expect(cleanText.safeParse('\ud800x').success).toBe(false);
    const s = withCleanText(z.object({ name: z.string(), tags: z.array(z.string()) }));
    expect(s.safeParse({ name: 'n', tags: ['a'] }).success).toBe(true);
    const r = s.safeParse({ name: 'n', tags: ['a', 'b\u0000'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['tags[1]']);
  });
});

describe('clip', () => {
  const emoji = '😀'; // two UTF-16 units
  it('keeps whole characters at either end', () => {
    expect(clip(`${emoji}abc`, 5, 'end')).toBe(`${emoji}abc`);
    expect(clip(`${emoji}abc`, 4, 'end')).toBe('abc');
    expect(clip(`${emoji}abc`, 4)).toBe(`${emoji}ab`);
    expect(clip(`x${emoji}abc`, 4, 'end')).toBe('abc');
    expect(clip(`ab${emoji}`, 3)).toBe('ab');
    expect(clip('整改报告.pdf', 5)).toBe('整改报告.');
    expect(clip('short', 10)).toBe('short');
  });
  it('never leaves half a pair, whatever the cut', () => {
    const s = `a${emoji}b${emoji}${emoji}c𠀀d`;
    for (let max = 0; max <= s.length; max++) {
      for (const from of ['start', 'end'] as const) {
        const c = clip(s, max, from);
        expect(isCleanText(c), `${from} ${max}`).toBe(true);
        expect(c.length).toBeLessThanOrEqual(max);
        expect(c.length).toBeGreaterThanOrEqual(max - 1);
      }
    }
  });
});

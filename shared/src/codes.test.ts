import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, checkCode, checkReceipt, formatCode, generateCode, generateReceipt, normalizeCode } from './codes.js';

describe('voting codes', () => {
  const code = generateCode(crypto.randomBytes);

  it('are 13 characters from an alphabet without look-alikes, ≥ 50 random bits', () => {
    expect(code).toHaveLength(13);
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(12 * Math.log2(CODE_ALPHABET.length)).toBeGreaterThan(59);
    for (const c of code) expect(CODE_ALPHABET).toContain(c);
    expect(checkCode(code)).toBe('ok');
  });

  it('catch every single wrong character and every swap of neighbours', () => {
    for (let i = 0; i < code.length; i++) {
      for (const c of CODE_ALPHABET) {
        if (c === code[i]) continue;
        expect(checkCode(code.slice(0, i) + c + code.slice(i + 1))).not.toBe('ok');
      }
      if (i + 1 < code.length && code[i] !== code[i + 1]) {
        expect(checkCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).toBe('bad-check');
      }
    }
  });

  it('are read the way people type them: any case, dashes and spaces', () => {
    const typed = ` ${formatCode(code).toLowerCase().replace('-', ' ')} `;
    expect(normalizeCode(typed)).toBe(code);
    expect(checkCode(typed)).toBe('ok');
    expect(formatCode(code)).toMatch(/^.{4}-.{4}-.{5}$/);
  });

  it('say what is wrong with a non-code', () => {
    expect(checkCode('ABC')).toBe('bad-length');
    expect(checkCode('0000000000000')).toBe('bad-character');
  });

  it('are spread evenly over the alphabet (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) for (const c of generateCode(crypto.randomBytes).slice(0, 12)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (3000 * 12) / CODE_ALPHABET.length;
    for (const c of CODE_ALPHABET) expect(Math.abs(counts.get(c)! - expected) / expected).toBeLessThan(0.15);
  });
});

describe('receipts', () => {
  it('have their own length and check character', () => {
    const r = generateReceipt(crypto.randomBytes);
    expect(r).toHaveLength(11);
    expect(checkReceipt(r)).toBe('ok');
    expect(checkCode(r)).toBe('bad-length');
  });
});

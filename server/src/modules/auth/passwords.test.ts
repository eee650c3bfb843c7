import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { ONE_TIME_ALPHABET, ONE_TIME_LENGTH, assertAcceptablePassword, oneTimePassword } from './passwords.js';

const codeOf = (password: string, username = 'someone') => {
  try {
    assertAcceptablePassword(password, { username });
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('one-time passwords', () => {
  it('use no look-alike characters', () => {
    for (const group of ['0Oo', '1lIi', '2Zz', '5Ss', '6G', '8B', '9gq', 'Cc', 'Kk', 'Ww', 'Xx', 'Uu', 'Vv']) {
      // At most one of each group of look-alikes.
      expect([...group].filter((c) => ONE_TIME_ALPHABET.includes(c)).length, group).toBeLessThanOrEqual(1);
    }
    expect(ONE_TIME_ALPHABET).not.toMatch(/[0Oo1lIi2Zz5SsBG6gqQ]/);
    expect(new Set(ONE_TIME_ALPHABET).size).toBe(ONE_TIME_ALPHABET.length);
  });

  it('are 16 characters from the whole alphabet, unique, and pass the rules themselves', () => {
    const seen = new Set<string>();
    const used = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = oneTimePassword();
      expect(p).toHaveLength(ONE_TIME_LENGTH);
      for (const c of p) used.add(c);
      seen.add(p);
    }
    expect(seen.size).toBe(2000);
    expect([...used].sort().join('')).toBe([...ONE_TIME_ALPHABET].sort().join(''));
    expect(ONE_TIME_LENGTH * Math.log2(ONE_TIME_ALPHABET.length)).toBeGreaterThanOrEqual(80);
    for (let i = 0; i < 20; i++) expect(codeOf(oneTimePassword(), 'admin')).toBeNull();
  });
});

describe('the password rules', () => {
  it.each([
    ['aaaaaaaaaa', 'PASSWORD_TOO_SHORT'],
    ['aaaaaaaaaaaa', 'PASSWORD_TOO_COMMON'],
    ['password1234', 'PASSWORD_TOO_COMMON'],
    ['P@ssw0rd12345', 'PASSWORD_TOO_COMMON'],
    ['qwertyuiop123', 'PASSWORD_TOO_COMMON'],
    ['x'.repeat(129), 'PASSWORD_TOO_LONG'],
    ['someone-lantern-92!', 'PASSWORD_CONTAINS_USERNAME'],
    ['SOMEONE', 'PASSWORD_TOO_SHORT'],
    ['Lantern heron 42 moss', null],
    ['秋天的风吹过南通的老城墙', null],
  ])('%s → %s', (password, code) => {
    expect(codeOf(password)).toBe(code);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    // 11 CJK characters (33 bytes) are too short; 128 four-byte emoji are not too long.
    expect(codeOf('秋天的风吹过南通的老城')).toBe('PASSWORD_TOO_SHORT');
    expect(codeOf('🌧'.repeat(129))).toBe('PASSWORD_TOO_LONG');
  });
});

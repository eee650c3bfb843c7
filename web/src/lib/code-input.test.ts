import { describe, expect, it } from 'vitest';
import { checkCharacter, generateCode, generateReceipt } from '@minping/shared/codes';
import { RECEIPT_CODE, VOTE_CODE, codeProblem, groupSymbols, reformat, symbolsOf, toHalfWidth } from './code-input';

// Deterministic "random" bytes so the codes are the same on every run.
const bytes = (seed: number) => (n: number) => Uint8Array.from({ length: n }, (_, i) => (seed * 37 + i * 11) % 248);
const code = generateCode(bytes(1));
const receipt = generateReceipt(bytes(2));

describe('typing a voting code', () => {
  it('accepts it with or without dashes, spaces and in lower case', () => {
    const grouped = groupSymbols(code, VOTE_CODE.groups);
    expect(grouped).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{5}$/);
    expect(symbolsOf(grouped.toLowerCase())).toBe(code);
    expect(symbolsOf(` ${code.slice(0, 4)} ${code.slice(4)} `)).toBe(code);
    expect(codeProblem(grouped.toLowerCase(), VOTE_CODE)).toBeNull();
  });

  it('reads full-width characters from a Chinese input method', () => {
    const fullWidth = [...code].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(toHalfWidth('ＡＢ１')).toBe('AB1');
    expect(symbolsOf(fullWidth)).toBe(code);
    expect(codeProblem(`${fullWidth.slice(0, 4)}－${fullWidth.slice(4)}`, VOTE_CODE)).toBeNull();
  });

  it('groups as XXXX-XXXX-XXXXX while typing, without a trailing dash', () => {
    expect(groupSymbols('ABC', VOTE_CODE.groups)).toBe('ABC');
    expect(groupSymbols('ABCD', VOTE_CODE.groups)).toBe('ABCD');
    expect(groupSymbols('ABCDE', VOTE_CODE.groups)).toBe('ABCD-E');
    expect(groupSymbols('ABCD2345EFGH6', VOTE_CODE.groups)).toBe('ABCD-2345-EFGH6');
    expect(groupSymbols('ABCD2345EFG', RECEIPT_CODE.groups)).toBe('ABCD-2345-EFG');
  });

  it('keeps the caret after the same character when a dash appears', () => {
    // Typing the fifth character: "abcde" with the caret at the end.
    expect(reformat('abcde', 5, VOTE_CODE)).toEqual({ value: 'ABCD-E', caret: 6, symbols: 'ABCDE' });
    // Inserting "X" after "AB" in "ABCD-EF": the caret stays right after the X.
    expect(reformat('ABXCD-EF', 3, VOTE_CODE)).toEqual({ value: 'ABXC-DEF', caret: 3, symbols: 'ABXCDEF' });
    // Deleting the dash itself changes nothing but does not throw the caret to the end.
    expect(reformat('ABCDEF', 4, VOTE_CODE).caret).toBe(4);
  });
});

describe('catching a typo before any request', () => {
  it('says the code is missing, short or long, with the counts', () => {
    expect(codeProblem('', VOTE_CODE)).toEqual({ key: 'code.empty' });
    expect(codeProblem(code.slice(0, 12), VOTE_CODE)).toEqual({ key: 'code.tooShort', params: { need: 13, n: 12 } });
    expect(codeProblem(code + '2', VOTE_CODE)).toEqual({ key: 'code.tooLong', params: { need: 13, n: 14 } });
  });

  it('names look-alike characters that never occur', () => {
    const typo = '0' + code.slice(1, 6) + 'O' + code.slice(7);
    expect(codeProblem(typo, VOTE_CODE)).toEqual({ key: 'code.badChar', params: { chars: '0 O' } });
  });

  it('catches one wrong character and two swapped neighbours with the check character', () => {
    const wrong = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4);
    expect(codeProblem(wrong, VOTE_CODE)).toEqual({ key: 'code.badCheck' });
    const i = [...code].findIndex((c, k) => k < 11 && c !== code[k + 1]);
    const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
    expect(codeProblem(swapped, VOTE_CODE)).toEqual({ key: 'code.badCheck' });
  });

  it('checks receipts by their own length', () => {
    expect(codeProblem(receipt, RECEIPT_CODE)).toBeNull();
    expect(codeProblem(code, RECEIPT_CODE)?.key).toBe('code.tooLong');
    const data = 'ABCD2345EF';
    expect(codeProblem(data + checkCharacter(data), RECEIPT_CODE)).toBeNull();
  });
});

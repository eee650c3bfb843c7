// Typing a code: accept it with or without dashes, in any case, even in
// full-width characters from a Chinese input method; show it grouped; and
// catch a typo with the check character before anything is sent.
import { CODE_ALPHABET, CODE_LENGTH, RECEIPT_DATA_LENGTH, checkCode, checkReceipt, normalizeCode, type CodeCheck } from '@minping/shared/codes';

export interface CodeKind {
  length: number;
  groups: readonly number[];
  check: (input: string) => CodeCheck;
}

export const VOTE_CODE: CodeKind = { length: CODE_LENGTH, groups: [4, 4, 5], check: checkCode };
export const RECEIPT_CODE: CodeKind = { length: RECEIPT_DATA_LENGTH + 1, groups: [4, 4, 3], check: checkReceipt };


/** Ｆｕｌｌ-width ASCII (U+FF01–FF5E) and the ideographic space to plain ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** The code's symbols only: half-width, upper case, separators gone. */
export function symbolsOf(input: string): string {
  return normalizeCode(toHalfWidth(input).replace(/[—–]/g, ''));
}

/** "ABCD2345EFGH6" → "ABCD-2345-EFGH6"; symbols past the last group stay in it. */
export function groupSymbols(symbols: string, groups: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  groups.forEach((size, i) => {
    const end = i === groups.length - 1 ? symbols.length : at + size;
    if (at < symbols.length) parts.push(symbols.slice(at, end));
    at = end;
  });
  return parts.join('-');
}

/**
 * Re-formats the field after each keystroke and keeps the caret after the
 * same symbol it was after, so editing in the middle does not jump to the end.
 */
export function reformat(raw: string, caret: number, kind: CodeKind): { value: string; caret: number; symbols: string } {
  const symbols = symbolsOf(raw);
  const value = groupSymbols(symbols, kind.groups);
  const before = symbolsOf(raw.slice(0, Math.max(0, caret))).length;
  let pos = 0;
  let seen = 0;
  while (pos < value.length && seen < before) {
    if (value[pos] !== '-') seen++;
    pos++;
  }
  return { value, caret: pos, symbols };
}

export interface CodeProblem {
  key: string;
  params?: Record<string, string | number>;
}

/** Characters that can never be in a code, e.g. O or 1, to name them in the message. */
export function invalidCharacters(symbols: string): string[] {
  return [...new Set([...symbols].filter((c) => !CODE_ALPHABET.includes(c)))];
}

/** null when the code passes the check; otherwise the message key that explains why not. */
export function codeProblem(input: string, kind: CodeKind): CodeProblem | null {
  const symbols = symbolsOf(input);
  if (symbols.length === 0) return { key: 'code.empty' };
  const bad = invalidCharacters(symbols);
  if (bad.length) return { key: 'code.badChar', params: { chars: bad.join(' ') } };
  const result = kind.check(symbols);
  if (result === 'ok') return null;
  if (result === 'bad-length') {
    return { key: symbols.length < kind.length ? 'code.tooShort' : 'code.tooLong', params: { need: kind.length, n: symbols.length } };
  }
  return { key: 'code.badCheck' };
}

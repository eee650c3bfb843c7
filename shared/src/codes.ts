// One-time voting codes and receipt codes.
//
// Alphabet: digits and capitals without the look-alikes 0/O, 1/I/L (31
// symbols, a prime, so a weighted sum mod 31 catches every single wrong
// character and every swap of two neighbours). 12 random symbols carry
// 12·log2(31) ≈ 59.4 bits; the 13th is the check character. Shown grouped
// as XXXX-XXXX-XXXXX; dashes, spaces and case are ignored when typed.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = CODE_ALPHABET.length; // 31
export const CODE_DATA_LENGTH = 12;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;
export const RECEIPT_DATA_LENGTH = 10; // ≈ 49.5 bits: enough to not be guessed, short to note down

const VALUE = new Map([...CODE_ALPHABET].map((c, i) => [c, i]));

export function checkCharacter(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = VALUE.get(data[i]);
    if (v === undefined) throw new Error(`invalid code character ${data[i]}`);
    sum += v * (i + 1);
  }
  return CODE_ALPHABET[sum % BASE];
}

/** Random symbols from the alphabet, without modulo bias. */
export function randomSymbols(length: number, random: (n: number) => Uint8Array): string {
  let out = '';
  while (out.length < length) {
    const bytes = random(length * 2);
    for (const b of bytes) {
      // 248 = 8·31: bytes at or above it would favour the first symbols.
      if (b < 248 && out.length < length) out += CODE_ALPHABET[b % BASE];
    }
  }
  return out;
}

function withCheck(data: string): string {
  return data + checkCharacter(data);
}

export function generateCode(random: (n: number) => Uint8Array): string {
  return withCheck(randomSymbols(CODE_DATA_LENGTH, random));
}

export function generateReceipt(random: (n: number) => Uint8Array): string {
  return withCheck(randomSymbols(RECEIPT_DATA_LENGTH, random));
}

/** Uppercase and drop separators; look-alikes stay invalid so a typo is caught, not guessed. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-_.·]/g, '');
}

export type CodeCheck = 'ok' | 'bad-length' | 'bad-character' | 'bad-check';

function checkSymbols(normalized: string, dataLength: number): CodeCheck {
  if (normalized.length !== dataLength + 1) return 'bad-length';
  for (const c of normalized) if (!VALUE.has(c)) return 'bad-character';
  return checkCharacter(normalized.slice(0, -1)) === normalized.slice(-1) ? 'ok' : 'bad-check';
}

/** Checks a typed or linked code before any database work. */
export function checkCode(input: string): CodeCheck {
  return checkSymbols(normalizeCode(input), CODE_DATA_LENGTH);
}

export function checkReceipt(input: string): CodeCheck {
  return checkSymbols(normalizeCode(input), RECEIPT_DATA_LENGTH);
}

/** XXXX-XXXX-XXXXX for codes, XXXX-XXXX-XXX for receipts. */
export function formatCode(code: string): string {
  const c = normalizeCode(code);
  return [c.slice(0, 4), c.slice(4, 8), c.slice(8)].filter(Boolean).join('-');
}

// Exact rational numbers on BigInt. Scores are weighted averages of averages
// with decimal weights and points; in binary floating point 84.205 is stored as
// 84.20499… and rounds the wrong way, and two units that tie on paper can
// differ in the 15th digit. Every figure that is shown, ranked or compared to a
// threshold is therefore computed here, exactly, and only turned into a JS
// number for charts.

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// Plain decimals only ("84.205", "-3", "0.5"); an exponent is accepted only
// when parsing a JS number's own shortest string (String(1e-7) is "1e-7").
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
const DECIMAL_OR_EXPONENT = /^([+-])?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

function parseDecimal(s: string, pattern: RegExp): Fraction | null {
  const m = pattern.exec(s);
  if (!m) return null;
  const [, sign, whole, frac = '', exp = '0'] = m;
  let num = BigInt(whole + frac);
  let den = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (e > 0) num *= 10n ** BigInt(e);
  else if (e < 0) den *= 10n ** BigInt(-e);
  return Fraction.of(sign === '-' ? -num : num, den);
}

/** An immutable exact fraction num/den, always normalised: den > 0, gcd(num, den) = 1. */
export class Fraction {
  static readonly ZERO = new Fraction(0n, 1n);
  static readonly ONE = new Fraction(1n, 1n);

  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  /** num/den from integers (bigint, or safe-integer numbers). */
  static of(num: bigint | number, den: bigint | number = 1n): Fraction {
    const n = toBigInt(num);
    const d = toBigInt(den);
    if (d === 0n) throw new RangeError('Fraction: division by zero');
    const g = gcd(n, d) || 1n;
    const sign = d < 0n ? -1n : 1n;
    return new Fraction((sign * n) / g, (sign * d) / g);
  }

  /** Parses a plain decimal string such as "84.205", "-3" or "100.0" exactly. */
  static fromDecimalString(s: string): Fraction {
    const f = parseDecimal(s, DECIMAL);
    if (!f) throw new SyntaxError(`not a decimal number: ${JSON.stringify(s)}`);
    return f;
  }

  /**
   * The decimal a finite JS number stands for. Spec weights and points are
   * written as decimals (30, 85, 33.3), so the number's shortest round-trip
   * string is what the author typed; reading that string, rather than the
   * binary value, keeps 0.1 equal to 1/10. Any finite number is accepted (the
   * spec's values have at most a few decimals, but nothing is gained by
   * refusing a longer one).
   */
  static fromNumber(n: number): Fraction {
    if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
    return parseDecimal(String(n), DECIMAL_OR_EXPONENT)!;
  }

  add(o: Fraction): Fraction {
    return Fraction.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Fraction): Fraction {
    return Fraction.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Fraction): Fraction {
    return Fraction.of(this.num * o.num, this.den * o.den);
  }

  div(o: Fraction): Fraction {
    if (o.num === 0n) throw new RangeError('Fraction: division by zero');
    return Fraction.of(this.num * o.den, this.den * o.num);
  }

  neg(): Fraction {
    return new Fraction(-this.num, this.den);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than o. */
  compare(o: Fraction): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  equals(o: Fraction): boolean {
    return this.num === o.num && this.den === o.den;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** For charts and other display-only uses; never rank or round with it. */
  toNumber(): number {
    // Both parts exact as doubles: IEEE division then rounds correctly.
    if (abs(this.num) <= MAX_SAFE && this.den <= MAX_SAFE) return Number(this.num) / Number(this.den);
    return Number(roundHalfUp(this, 20));
  }

  /** "num/den", for debugging and test messages. */
  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }
}

function toBigInt(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new RangeError(`Fraction.of needs integers, got ${v}; use fromNumber`);
  return BigInt(v);
}

/**
 * f rounded half up to `decimals` places, as a fixed decimal string ("80.83",
 * "85.00", "7" for 0 decimals). Half up means half away from zero, so -1.005
 * becomes "-1.01"; a result that rounds to zero is written without a sign.
 */
export function roundHalfUp(f: Fraction, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
  const scale = 10n ** BigInt(decimals);
  const scaled = abs(f.num) * scale;
  let q = scaled / f.den;
  // Compare the remainder with half the denominator without leaving integers.
  if (2n * (scaled % f.den) >= f.den) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  const body = decimals === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return f.num < 0n && q !== 0n ? `-${body}` : body;
}

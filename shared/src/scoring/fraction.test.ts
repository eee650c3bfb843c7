import { describe, expect, it } from 'vitest';
import { Fraction, roundHalfUp } from './fraction.js';

const F = Fraction.of;
const parts = (f: Fraction) => [f.num, f.den];

describe('Fraction', () => {
  it('normalises sign and common factors', () => {
    expect(parts(F(2, -4))).toEqual([-1n, 2n]);
    expect(parts(F(-6, -9))).toEqual([2n, 3n]);
    expect(parts(F(0, -5))).toEqual([0n, 1n]);
    expect(() => F(1, 0)).toThrow(RangeError);
    expect(() => F(0.5)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(F(1, 3).add(F(1, 6)).toString()).toBe('1/2');
    expect(F(1, 3).sub(F(1, 2)).toString()).toBe('-1/6');
    expect(F(2, 3).mul(F(9, 4)).toString()).toBe('3/2');
    expect(F(2, 3).div(F(4, 9)).toString()).toBe('3/2');
    expect(F(1, 10).add(F(2, 10)).equals(F(3, 10))).toBe(true);
    expect(() => F(1).div(Fraction.ZERO)).toThrow(RangeError);
  });

  it('compares', () => {
    expect(F(1, 3).compare(F(333, 1000))).toBe(1);
    expect(F(-1, 2).compare(F(1, 3))).toBe(-1);
    expect(F(2, 4).compare(F(1, 2))).toBe(0);
  });

  it('parses decimal strings exactly', () => {
    expect(parts(Fraction.fromDecimalString('84.205'))).toEqual([16841n, 200n]);
    expect(parts(Fraction.fromDecimalString('-0.50'))).toEqual([-1n, 2n]);
    expect(parts(Fraction.fromDecimalString('100'))).toEqual([100n, 1n]);
    for (const bad of ['', '1e5', '.5', '5.', ' 1', '1,5', 'abc', '--1']) {
      expect(() => Fraction.fromDecimalString(bad), bad).toThrow(SyntaxError);
    }
  });

  it('reads a JS number as the decimal it is written as, not its binary value', () => {
    expect(Fraction.fromNumber(0.1).equals(F(1, 10))).toBe(true);
    expect(Fraction.fromNumber(84.205).equals(F(16841, 200))).toBe(true);
    expect(Fraction.fromNumber(-33.333333).toString()).toBe('-33333333/1000000');
    expect(Fraction.fromNumber(1e-7).toString()).toBe('1/10000000');
    expect(Fraction.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(() => Fraction.fromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => Fraction.fromNumber(Infinity)).toThrow(RangeError);
  });

  it('converts to a number for charts', () => {
    expect(F(1, 3).toNumber()).toBe(1 / 3);
    expect(F(-7, 4).toNumber()).toBe(-1.75);
    expect(F(10n ** 30n + 1n, 10n ** 28n).toNumber()).toBe(100);
  });
});

describe('roundHalfUp', () => {
  const r = (s: string, d = 2) => roundHalfUp(Fraction.fromDecimalString(s), d);

  it('rounds an exact half up where binary floats round it down', () => {
    // (1.005).toFixed(2) is "1.00" and (84.205).toFixed(2) is "84.20" in JS.
    expect(r('1.005')).toBe('1.01');
    expect(r('84.205')).toBe('84.21');
    expect(r('84.2049999')).toBe('84.20');
    expect(r('0.125', 2)).toBe('0.13');
  });

  it('writes fixed decimals, padding with zeros', () => {
    expect(r('85')).toBe('85.00');
    expect(r('0')).toBe('0.00');
    expect(r('0.001')).toBe('0.00');
    expect(r('100', 0)).toBe('100');
    expect(r('2.5', 0)).toBe('3');
    expect(r('0.05', 1)).toBe('0.1');
    expect(r('99.9999', 3)).toBe('100.000');
    expect(roundHalfUp(F(1, 3), 2)).toBe('0.33');
    expect(roundHalfUp(F(2, 3), 2)).toBe('0.67');
    expect(roundHalfUp(F(485, 6), 6)).toBe('80.833333');
  });

  it('rounds negatives half away from zero, and never writes -0', () => {
    expect(r('-1.005')).toBe('-1.01');
    expect(r('-2.5', 0)).toBe('-3');
    expect(r('-1.004')).toBe('-1.00');
    expect(r('-0.004')).toBe('0.00');
  });

  it('refuses a bad number of decimals', () => {
    expect(() => r('1', -1)).toThrow(RangeError);
    expect(() => r('1', 1.5)).toThrow(RangeError);
  });
});

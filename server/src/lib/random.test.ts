import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.js';

describe('pooled random bytes', () => {
  it('hands out each byte once: draws never overlap, across refills of the pool', () => {
    const draws = Array.from({ length: 2000 }, (_, i) => randomBytes(1 + (i % 40)));
    const seen = new Set<string>();
    for (const d of draws.filter((d) => d.length >= 12)) {
      const hex = d.toString('hex');
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    // A copy: a draw kept by one caller does not change when the pool refills.
    const kept = randomBytes(20);
    const before = kept.toString('hex');
    for (let i = 0; i < 500; i++) randomBytes(20);
    expect(kept.toString('hex')).toBe(before);
  });

  it('gives the lengths asked for, large ones straight from the generator', () => {
    expect(randomBytes(0)).toHaveLength(0);
    expect(randomBytes(12)).toHaveLength(12);
    expect(randomBytes(5000)).toHaveLength(5000);
  });
});

import { describe, expect, it } from 'vitest';
import { rng, spreadTimes } from './ballots.js';

describe('the demo ballots’ times', () => {
  const from = new Date('2026-10-21T13:13:00Z');
  const to = new Date('2026-12-02T13:13:00Z'); // 21:13 in Shanghai
  const times = spreadTimes(rng(1), 3000, from, to);
  const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);

  it('stay within the window, in order, and reach its last day', () => {
    expect(times.every((t) => t >= from && t < to)).toBe(true);
    expect(times.every((t, i) => i === 0 || times[i - 1] <= t)).toBe(true);
    expect(times.filter((t) => shanghai(t).toISOString().startsWith('2026-12-02')).length).toBeGreaterThan(20);
  });

  it('follow the hours people vote at: busy mornings and evenings, hardly any at night', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => times.filter((t) => shanghai(t).getUTCHours() === h).length);
    expect(byHour[10]).toBeGreaterThan(byHour[3] * 10);
    expect(byHour[20]).toBeGreaterThan(byHour[2] * 10);
    expect(new Set(times.map((t) => shanghai(t).toISOString().slice(0, 10))).size).toBeGreaterThan(35);
  });
});

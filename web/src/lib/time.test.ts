import { describe, expect, it } from 'vitest';
import { formatShanghai, shanghaiDate } from './time';

describe('Beijing time', () => {
  it('shows UTC instants in Asia/Shanghai, crossing midnight and year end', () => {
    expect(formatShanghai('2025-05-01T06:03:09Z')).toBe('2025-05-01 14:03');
    expect(formatShanghai('2025-12-31T16:30:00.000Z', true)).toBe('2026-01-01 00:30:00');
    expect(formatShanghai('2025-05-01T14:03:00+08:00')).toBe('2025-05-01 14:03');
  });

  it('leaves a non-date alone', () => {
    expect(formatShanghai('soon')).toBe('soon');
  });
});

describe('Beijing date', () => {
  it('turns over at midnight in Beijing, not in UTC', () => {
    expect(shanghaiDate(Date.parse('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(shanghaiDate(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });
});

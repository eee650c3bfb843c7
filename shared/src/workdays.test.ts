import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './workdays.js';

const none = { holidays: new Set<string>(), workdays: new Set<string>() };
// 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October worked (调休).
const nationalDay = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-27', '2026-10-10']),
};

describe('working days', () => {
  it('skip weekends', () => {
    expect(addWorkingDays('2026-11-27', 1, none)).toBe('2026-11-30'); // Friday + 1 → Monday
    expect(addWorkingDays('2026-11-02', 15, none)).toBe('2026-11-23'); // three weeks of five days
    expect(addWorkingDays('2026-11-02', 0, none)).toBe('2026-11-02');
  });

  it('skip the office holidays and count its make-up working days', () => {
    expect(isWorkingDay('2026-10-01', nationalDay)).toBe(false);
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true); // a Saturday worked
    // From Wed 30 Sep: 8, 9 Oct (Thu, Fri), 10 Oct (Sat, worked), then 12 Oct…
    expect(addWorkingDays('2026-09-30', 3, nationalDay)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4, nationalDay)).toBe('2026-10-12');
  });

  it('count the days between two dates', () => {
    expect(workingDaysBetween('2026-11-02', '2026-11-23', none)).toBe(15);
    expect(workingDaysBetween('2026-11-23', '2026-11-02', none)).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-10-12', nationalDay)).toBe(4);
  });

  it('refuse a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-02', -1, none)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-02', 1.5, none)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import type { User } from '../../../lib/console/types';
import { checkHolidays, holidaysBody, holidaysOfYear, weekday } from './holidays';
import { formOf, inviteBody, scopeOf, USERNAME, userPatch } from './users';

const user: User = { id: 3, username: 'bdc', displayName: '不动产联络员', role: 'liaison', units: ['w-bdc'], campaigns: [], createdAt: '2026-01-01T00:00:00Z', disabledAt: null };

describe('accounts', () => {
  it('carry units for liaisons and inspectors, campaigns for evaluators, and nothing else', () => {
    expect(scopeOf('liaison')).toEqual({ units: true, campaigns: false });
    expect(scopeOf('evaluator')).toEqual({ units: false, campaigns: true });
    expect(scopeOf('admin')).toEqual({ units: false, campaigns: false });
    expect(inviteBody({ username: ' gs ', displayName: '', role: 'liaison', units: ['w-yb', 'w-gs'], campaigns: ['x'], disabled: false })).toEqual({ username: 'gs', role: 'liaison', units: ['w-gs', 'w-yb'], campaigns: [] });
    expect(inviteBody({ username: 'ev', displayName: '王评议员', role: 'evaluator', units: ['w-gs'], campaigns: ['nantong-2026'], disabled: false })).toEqual({ username: 'ev', displayName: '王评议员', role: 'evaluator', units: [], campaigns: ['nantong-2026'] });
  });

  it('take user names the server takes', () => {
    for (const ok of ['bdc-liaison', '张三', 'a.b_c']) expect(USERNAME.test(ok), ok).toBe(true);
    for (const bad of ['a', 'has space', 'x'.repeat(51)]) expect(USERNAME.test(bad), bad).toBe(false);
  });

  it('change only what was changed, emptying the scope a new role does not use', () => {
    expect(userPatch(user, formOf(user))).toEqual({});
    expect(userPatch(user, { ...formOf(user), units: ['w-gs', 'w-bdc'] })).toEqual({ units: ['w-bdc', 'w-gs'] });
    expect(userPatch(user, { ...formOf(user), disabled: true })).toEqual({ disabled: true });
    expect(userPatch(user, { ...formOf(user), role: 'evaluator', campaigns: ['nantong-2026'] })).toEqual({ role: 'evaluator', units: [], campaigns: ['nantong-2026'] });
  });
});

describe('holidays', () => {
  const all = [
    { day: '2025-10-01', name: '国庆节', workday: false },
    { day: '2026-10-01', name: '国庆节', workday: false },
    { day: '2026-09-27', name: '国庆调休', workday: true },
  ];
  it('are edited a year at a time and saved in date order', () => {
    expect(holidaysOfYear(all, 2026).map((h) => h.day)).toEqual(['2026-10-01', '2026-09-27']);
    expect(holidaysBody(holidaysOfYear(all, 2026)).days.map((d) => d.day)).toEqual(['2026-09-27', '2026-10-01']);
  });

  it('name the weekday and refuse dates outside the year, twice, or without a name', () => {
    expect(weekday('2026-10-01')).toBe(4);
    expect(weekday('2026-02-30')).toBeNull();
    const rows = [
      { day: '2026-10-01', name: '国庆节', workday: false },
      { day: '2026-10-01', name: '国庆节', workday: false },
      { day: '2025-12-31', name: ' ', workday: false },
    ];
    expect(checkHolidays(rows, 2026)).toEqual([
      { row: 1, key: 'admin.holidays.twice' },
      { row: 2, key: 'admin.holidays.badDay' },
      { row: 2, key: 'admin.holidays.noName' },
    ]);
  });
});

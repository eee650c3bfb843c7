import { describe, expect, it } from 'vitest';
import { calendarOf, deadlineBody, defaultDeadline, previewDeadline } from './deadline';

describe('a task’s deadline', () => {
  it('is 15 working days unless the office says otherwise', () => {
    expect(deadlineBody(defaultDeadline(), '2026-05-06')).toEqual({ ok: { workingDays: 15 } });
    expect(deadlineBody({ mode: 'days', days: 5, date: '' }, '2026-05-06')).toEqual({ ok: { workingDays: 5 } });
    expect(deadlineBody({ mode: 'date', days: '', date: '2026-06-01' }, '2026-05-06')).toEqual({ ok: { deadline: '2026-06-01' } });
  });

  it('says what is wrong with a bad count or date', () => {
    expect(deadlineBody({ mode: 'days', days: '0', date: '' }, '2026-05-06')).toEqual({ problem: 'deadline.badDays' });
    expect(deadlineBody({ mode: 'days', days: null, date: '' }, '2026-05-06')).toEqual({ problem: 'deadline.badDays' });
    expect(deadlineBody({ mode: 'days', days: '2.5', date: '' }, '2026-05-06')).toEqual({ problem: 'deadline.badDays' });
    expect(deadlineBody({ mode: 'date', days: '', date: '' }, '2026-05-06')).toEqual({ problem: 'deadline.badDate' });
    expect(deadlineBody({ mode: 'date', days: '', date: '2026-05-05' }, '2026-05-06')).toEqual({ problem: 'deadline.past' });
  });

  it('is previewed the way the server counts: weekends and holidays skipped, make-up days worked', () => {
    const cal = calendarOf([
      { day: '2026-10-01', name: '国庆节', workday: false },
      { day: '2026-10-02', name: '国庆节', workday: false },
      { day: '2026-10-10', name: '国庆调休', workday: true },
    ]);
    // Wed 30 Sep + 3 working days: Thu 1 and Fri 2 are off, Mon 5, Tue 6, Wed 7.
    expect(previewDeadline('3', '2026-09-30', cal)).toBe('2026-10-07');
    // Fri 9 Oct + 1: Saturday 10 is a make-up working day.
    expect(previewDeadline(1, '2026-10-09', cal)).toBe('2026-10-10');
    expect(previewDeadline('', '2026-10-09', cal)).toBeNull();
  });
});

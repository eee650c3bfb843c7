import { describe, expect, it } from 'vitest';
import { target } from '../call';
import {
  byUrgency,
  daysLeft,
  EVENT_KEYS,
  filterSearch,
  followupBody,
  liaisonActions,
  officeActions,
  parseTaskFilters,
  STATUS_KEYS,
  taskListQuery,
  thresholdShare,
  titleFromComment,
} from './tasks';

const pending = { id: 1, status: 'pending', reason: 'r', decisionNote: null };

describe('task steps', () => {
  it('let the liaison answer until the task is closed or withdrawn, and appeal once at a time', () => {
    expect(liaisonActions({ status: 'open', appeal: null })).toEqual({ answer: true, appeal: true });
    expect(liaisonActions({ status: 'returned', appeal: null })).toEqual({ answer: true, appeal: true });
    expect(liaisonActions({ status: 'answered', appeal: pending })).toEqual({ answer: true, appeal: false });
    expect(liaisonActions({ status: 'answered', appeal: { ...pending, status: 'dismissed' } })).toEqual({ answer: true, appeal: true });
    expect(liaisonActions({ status: 'closed', appeal: null })).toEqual({ answer: false, appeal: false });
    expect(liaisonActions({ status: 'withdrawn', appeal: null })).toEqual({ answer: false, appeal: false });
  });

  it('let the office decide a pending appeal first, then close or return an answer, with the follow-up when asked', () => {
    expect(officeActions({ status: 'answered', appeal: null, needsFollowup: false })).toEqual({ verify: true, decideAppeal: false, followup: false });
    expect(officeActions({ status: 'answered', appeal: null, needsFollowup: true })).toEqual({ verify: true, decideAppeal: false, followup: true });
    expect(officeActions({ status: 'answered', appeal: pending, needsFollowup: true })).toEqual({ verify: false, decideAppeal: true, followup: false });
    expect(officeActions({ status: 'open', appeal: pending, needsFollowup: false })).toEqual({ verify: false, decideAppeal: true, followup: false });
    expect(officeActions({ status: 'open', appeal: null, needsFollowup: false })).toEqual({ verify: false, decideAppeal: false, followup: false });
  });

  it('name every status and every step the server records', () => {
    expect(Object.keys(STATUS_KEYS).sort()).toEqual(['answered', 'closed', 'open', 'returned', 'withdrawn']);
    for (const action of ['created', 'answered', 'returned', 'closed', 'follow-up', 'appealed', 'appeal-upheld', 'appeal-dismissed', 'overdue', 'reminded']) {
      expect(EVENT_KEYS[action], action).toBeTruthy();
    }
  });
});

describe('the liaison’s to-do order', () => {
  it('puts sent-back tasks first, then overdue, then by deadline, finished ones last', () => {
    const t = (id: number, status: string, deadline: string, overdue = false) => ({ id, status: status as 'open', deadline, overdue });
    const sorted = byUrgency([t(1, 'closed', '2026-01-01'), t(2, 'open', '2026-03-01'), t(3, 'answered', '2026-01-02'), t(4, 'open', '2026-01-05', true), t(5, 'returned', '2026-04-01'), t(6, 'open', '2026-02-01')]);
    expect(sorted.map((x) => x.id)).toEqual([5, 4, 6, 2, 3, 1]);
  });

  it('counts days to the deadline in calendar days, negative once past', () => {
    expect(daysLeft('2026-05-10', '2026-05-01')).toBe(9);
    expect(daysLeft('2026-05-01', '2026-05-01')).toBe(0);
    expect(daysLeft('2026-02-27', '2026-03-02')).toBe(-3);
  });
});

describe('task filters', () => {
  it('read from the address, unknown values dropped, and written back only when set', () => {
    expect(parseTaskFilters('?unit=w-bdc&status=answered&overdue=true')).toEqual({ unit: 'w-bdc', status: 'answered', overdue: 'true' });
    expect(parseTaskFilters('?status=lost&overdue=maybe')).toEqual({ unit: '', status: '', overdue: '' });
    expect(filterSearch({ unit: '', status: '', overdue: '' })).toBe('');
    expect(filterSearch({ unit: 'w-gs', status: '', overdue: 'false' })).toBe('?unit=w-gs&overdue=false');
    expect(target('GET /tasks', { query: taskListQuery('nantong-2026', { unit: 'w-gs', status: 'open', overdue: '' }, 50) })).toEqual(['GET', '/tasks?campaign=nantong-2026&unit=w-gs&status=open&limit=50']);
  });
});

describe('forms', () => {
  it('take the problem threshold as a percentage from 1 to 100', () => {
    expect(thresholdShare('20')).toBe(0.2);
    expect(thresholdShare('12.5')).toBe(0.125);
    expect(thresholdShare('100')).toBe(1);
    for (const bad of ['', '0', '0.5', '101', 'abc']) expect(thresholdShare(bad), bad).toBeNull();
  });

  it('send a follow-up call: satisfaction only when reached, unknown as null, an empty note left out', () => {
    expect(followupBody({ reached: true, satisfied: 'yes', note: ' 满意 ' })).toEqual({ reached: true, satisfied: true, note: '满意' });
    expect(followupBody({ reached: true, satisfied: 'no', note: '' })).toEqual({ reached: true, satisfied: false });
    expect(followupBody({ reached: true, satisfied: 'unknown', note: '' })).toEqual({ reached: true, satisfied: null });
    expect(followupBody({ reached: false, satisfied: 'yes', note: '无人接听' })).toEqual({ reached: false, satisfied: null, note: '无人接听' });
  });

  it('title a task from a comment by its first sentence', () => {
    expect(titleFromComment('不动产登记窗口排队两个小时，希望增加窗口。另外停车难。')).toBe('不动产登记窗口排队两个小时，希望增加窗口');
    expect(titleFromComment('  办事指南与实际不符  ')).toBe('办事指南与实际不符');
    expect(titleFromComment('很'.repeat(60), 10)).toBe(`${'很'.repeat(9)}…`);
  });
});

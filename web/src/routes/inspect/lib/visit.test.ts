import { describe, expect, it } from 'vitest';
import { blankFinding, defaultCampaign, unitsFor, visitBody, type VisitForm } from './visit';

const form = (over: Partial<VisitForm> = {}): VisitForm => ({
  campaign: 'nantong-2026',
  unit: 'w-bdc',
  place: ' 3号窗口 ',
  visitedOn: '2026-10-12',
  kind: 'undercover',
  summary: '',
  findings: [blankFinding()],
  ...over,
});

describe('a visit as recorded', () => {
  it('is sent with its findings, empty ones dropped and an unclassified one without a problem key', () => {
    const check = visitBody(
      form({ findings: [{ problem: 'attitude', description: ' 玩手机 ', photos: [{ id: 3 }] }, blankFinding(), { problem: '', description: '指南过期', photos: [] }] }),
      '2026-10-12',
    );
    expect(check).toEqual({
      body: {
        campaign: 'nantong-2026',
        unit: 'w-bdc',
        place: '3号窗口',
        visitedOn: '2026-10-12',
        kind: 'undercover',
        findings: [
          { problem: 'attitude', description: '玩手机', photoIds: [3] },
          { description: '指南过期', photoIds: [] },
        ],
      },
    });
  });

  it('says what is missing: a unit, a date not in the future, words for a photographed finding', () => {
    expect(visitBody(form({ unit: '', visitedOn: '2026-10-13' }), '2026-10-12')).toEqual({ problems: ['inspect.problem.unit', 'inspect.problem.future'] });
    expect(visitBody(form({ visitedOn: '' }), '2026-10-12')).toEqual({ problems: ['inspect.problem.date'] });
    expect(visitBody(form({ findings: [{ problem: '', description: ' ', photos: [{ id: 1 }] }] }), '2026-10-12')).toEqual({ problems: ['inspect.problem.finding'] });
  });
});

describe('what an inspector may pick', () => {
  const all = [
    { key: 'w-gs', name: '工商窗口', category: 'windows' },
    { key: 'w-bdc', name: '不动产登记窗口', category: 'windows' },
  ];
  it('is every unit of the campaign, or only those the office assigned, or without the campaign’s list the assigned ones', () => {
    expect(unitsFor(all, [])).toEqual(all);
    expect(unitsFor(all, [{ key: 'w-bdc', name: '不动产登记窗口' }])).toEqual([all[1]]);
    expect(unitsFor(null, [{ key: 'w-bdc', name: '不动产登记窗口' }])).toEqual([{ key: 'w-bdc', name: '不动产登记窗口' }]);
    expect(unitsFor(null, [])).toEqual([]);
  });

  it('starts on the campaign open for voting, else the newest', () => {
    expect(defaultCampaign([{ key: 'b', status: 'published' }, { key: 'a', status: 'open' }])).toBe('a');
    expect(defaultCampaign([{ key: 'b', status: 'published' }, { key: 'a', status: 'draft' }])).toBe('b');
    expect(defaultCampaign([])).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { bars, fillHours, shortHour } from './chart';
import { generatedPercent, sheetRanges } from './batches';
import { FLAG_KEYS, answerLines, flagLabels, groupParts, seconds } from './flags';
import { adminRoute, safeNext } from './route';
import { statusActions } from './status';
import { phaseDates } from './phases';
import { publicBase, withoutScheme } from './public-url';

describe('flag reasons', () => {
  it('name every fraud rule and the voided code, and keep an unknown one as it is', () => {
    expect(Object.keys(FLAG_KEYS).sort()).toEqual(['burst', 'code-voided', 'device', 'straight-lining', 'too-fast']);
    expect(flagLabels(['too-fast', 'device', 'too-fast', 'new-rule'])).toEqual([
      { flag: 'too-fast', key: 'admin.flag.too-fast' },
      { flag: 'device', key: 'admin.flag.device' },
      { flag: 'new-rule', key: null },
    ]);
  });
  it('show answering time in seconds', () => {
    expect(seconds(1000)).toBe('1.0');
    expect(seconds(7450)).toBe('7.5');
    expect(seconds(61_400)).toBe('61');
  });
});

describe('flag groups and answers', () => {
  it('name a group by its rule and a short start of its source', () => {
    expect(groupParts('device-a1b2c3d4e5f6')).toEqual({ rule: 'device', source: 'a1b2c3' });
    expect(groupParts('burst-0123456789ab-202612021241')).toEqual({ rule: 'burst', source: '012345' });
    expect(groupParts('too-fast')).toEqual({ rule: 'too-fast', source: null });
  });
  it('list a ballot\'s answers in the units\' order, with labels, points and problems', () => {
    const spec = {
      units: [{ key: 'a', name: '甲' }, { key: 'b', name: '乙' }, { key: 'c', name: '丙' }],
      scales: [{ key: 's', options: [{ key: 'good', label: '满意', points: 100 }, { key: 'dk', label: '不了解', points: null }] }],
      questionnaires: [{ key: 'q', scale: 's' }],
      problems: [{ key: 'slow', label: '办事拖拉' }],
    };
    expect(answerLines(spec, 'q', { ratings: { c: 'dk', a: 'good', x: 'odd' }, problems: { b: ['slow', 'gone'] } })).toEqual([
      { unit: 'a', name: '甲', option: 'good', label: '满意', points: 100, problems: [] },
      { unit: 'b', name: '乙', option: '', label: '', points: null, problems: ['办事拖拉', 'gone'] },
      { unit: 'c', name: '丙', option: 'dk', label: '不了解', points: null, problems: [] },
      { unit: 'x', name: 'x', option: 'odd', label: 'odd', points: null, problems: [] },
    ]);
  });
});

describe('console paths', () => {
  it('name the page, the campaign and its tab', () => {
    expect(adminRoute('')).toEqual({ page: 'campaigns' });
    expect(adminRoute('campaigns/')).toEqual({ page: 'campaigns' });
    expect(adminRoute('login')).toEqual({ page: 'login' });
    expect(adminRoute('campaigns/nantong-2026')).toEqual({ page: 'campaign', key: 'nantong-2026', tab: 'overview' });
    expect(adminRoute('campaigns/nantong-2026/flagged')).toEqual({ page: 'campaign', key: 'nantong-2026', tab: 'flagged' });
    expect(adminRoute('campaigns/nantong-2026/session')).toEqual({ page: 'session', key: 'nantong-2026' });
    expect(adminRoute('campaigns/nantong-2026/nope')).toEqual({ page: 'notFound' });
    expect(adminRoute('queues/api/queues')).toEqual({ page: 'queues' });
  });
  it('name the accountability pages: one task, users, holidays', () => {
    expect(adminRoute('campaigns/nantong-2026/tasks')).toEqual({ page: 'campaign', key: 'nantong-2026', tab: 'tasks' });
    expect(adminRoute('campaigns/nantong-2026/tasks/17')).toEqual({ page: 'campaign', key: 'nantong-2026', tab: 'tasks', task: 17 });
    expect(adminRoute('campaigns/nantong-2026/escalation')).toEqual({ page: 'campaign', key: 'nantong-2026', tab: 'escalation' });
    expect(adminRoute('campaigns/nantong-2026/tasks/x')).toEqual({ page: 'notFound' });
    expect(adminRoute('campaigns/nantong-2026/comments/3')).toEqual({ page: 'notFound' });
    expect(adminRoute('users')).toEqual({ page: 'users' });
    expect(adminRoute('holidays')).toEqual({ page: 'holidays' });
  });
  it('send the admin back only to a console page after logging in', () => {
    expect(safeNext('/admin/campaigns/x/codes')).toBe('/admin/campaigns/x/codes');
    for (const bad of [null, '', '//evil.example/admin', 'https://evil.example', '/admin/login', '/admin/queues', '/v', '/adminx']) expect(safeNext(bad)).toBe('/admin');
  });
  it('send everyone else to their own area, back to the page asked for only inside it', () => {
    expect(safeNext('/unit/tasks/3', 'liaison')).toBe('/unit/tasks/3');
    expect(safeNext('/admin/audit', 'liaison')).toBe('/unit');
    expect(safeNext(null, 'inspector')).toBe('/inspect');
    expect(safeNext('/unit', 'inspector')).toBe('/inspect');
    expect(safeNext('/results/board/nantong-2026', 'evaluator')).toBe('/results/board/nantong-2026');
    // An evaluator's home is its own page at /admin (its campaigns), never the office's pages.
    expect(safeNext('/admin', 'evaluator')).toBe('/admin');
    expect(safeNext('/admin/audit', 'evaluator')).toBe('/admin');
    expect(safeNext('/admin/password', 'evaluator')).toBe('/admin/password');
    expect(safeNext(null, 'evaluator')).toBe('/admin');
    expect(safeNext('/results/board/nantong-2026?print=1', 'admin')).toBe('/results/board/nantong-2026?print=1');
    expect(safeNext(null, 'liaison')).toBe('/unit');
  });
});

describe('phase dates', () => {
  it('drop the repeated year, not one that changes', () => {
    expect(phaseDates('2026-04-01', '2026-04-30')).toBe('2026-04-01 – 04-30');
    expect(phaseDates('2026-12-01', '2027-01-15')).toBe('2026-12-01 – 2027-01-15');
  });
});

describe('status actions', () => {
  it('open a draft, close an open campaign, reopen a closed one, withdraw a published one', () => {
    expect(statusActions('draft').map((a) => a.to)).toEqual(['open']);
    expect(statusActions('open').map((a) => a.to)).toEqual(['closed']);
    expect(statusActions('closed').map((a) => a.to)).toEqual(['open']);
    expect(statusActions('published').map((a) => a.to)).toEqual(['closed']);
  });
});

describe('code batches', () => {
  it('print in pages of 480', () => {
    expect(sheetRanges(1000)).toEqual([
      { offset: 0, limit: 480, from: 1, to: 480 },
      { offset: 480, limit: 480, from: 481, to: 960 },
      { offset: 960, limit: 40, from: 961, to: 1000 },
    ]);
    expect(sheetRanges(5)).toEqual([{ offset: 0, limit: 5, from: 1, to: 5 }]);
  });
  it('show progress while generating, 100 only when ready', () => {
    expect(generatedPercent({ generated: 500, size: 1000, status: 'generating' })).toBe(50);
    expect(generatedPercent({ generated: 1000, size: 1000, status: 'generating' })).toBe(99);
    expect(generatedPercent({ generated: 1000, size: 1000, status: 'ready' })).toBe(100);
  });
});

describe('ballots per hour', () => {
  it('fill quiet hours with zero, across midnight', () => {
    expect(fillHours([{ hour: '2026-05-01T22:00', ballots: 3 }, { hour: '2026-05-02T01:00', ballots: 5 }])).toEqual([
      { hour: '2026-05-01T22:00', ballots: 3 },
      { hour: '2026-05-01T23:00', ballots: 0 },
      { hour: '2026-05-02T00:00', ballots: 0 },
      { hour: '2026-05-02T01:00', ballots: 5 },
    ]);
    expect(fillHours([])).toEqual([]);
  });
  it('keep the latest hours when there are too many', () => {
    const h = fillHours([{ hour: '2026-05-01T00:00', ballots: 1 }, { hour: '2026-05-03T00:00', ballots: 1 }], 10);
    expect(h).toHaveLength(10);
    expect(h[9].hour).toBe('2026-05-03T00:00');
  });
  it('scale the tallest bar to the height', () => {
    const b = bars([{ hour: 'a', ballots: 2 }, { hour: 'b', ballots: 4 }, { hour: 'c', ballots: 0 }], 300, 100);
    expect(b.map((x) => x.height)).toEqual([50, 100, 0]);
    expect(b[1].y).toBe(0);
    expect(shortHour('2026-05-01T14:00')).toBe('05-01 14:00');
  });
});

describe('the public address of links and QR codes', () => {
  it('is the configured one, whatever address the console was opened on', () => {
    expect(publicBase('https://pj.example.gov.cn/', 'http://10.0.0.5:3000')).toEqual({ url: 'https://pj.example.gov.cn', configured: true });
    expect(withoutScheme(`${publicBase('https://pj.example.gov.cn', 'http://10.0.0.5').url}/v`)).toBe('pj.example.gov.cn/v');
  });
  it("falls back to the browser's own address only when none is configured, and says it did", () => {
    expect(publicBase(null, 'http://10.0.0.5:3000')).toEqual({ url: 'http://10.0.0.5:3000', configured: false });
    expect(publicBase('', 'http://10.0.0.5:3000').configured).toBe(false);
  });
});

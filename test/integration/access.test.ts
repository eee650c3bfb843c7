// Access by role and unit scope, checked on the server for every route that
// returns unit data; and escalation across three campaigns of a series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignWithProblems, multipart, PDF, person } from './accountability-helpers.js';
import { createHarness, type Harness } from './harness.js';

let h: Harness;
let gsLiaison: Awaited<ReturnType<typeof person>>;
let bdcLiaison: Awaited<ReturnType<typeof person>>;
let evaluator: Awaited<ReturnType<typeof person>>;
let bdcTask: number;
let bdcFile: number;
let inspectionId: number;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  // Three years of one series; w-bdc is rated worst every year.
  for (const year of [2024, 2025, 2026]) await campaignWithProblems(h, `series-${year}`, year);
  for (const year of [2024, 2025, 2026]) await h.admin({ method: 'POST', url: `/api/v1/campaigns/series-${year}/results/recompute`, payload: {} });
  gsLiaison = await person(h, 'gs-liaison', 'liaison', { units: ['w-gs'] });
  bdcLiaison = await person(h, 'bdc-liaison', 'liaison', { units: ['w-bdc'] });
  evaluator = await person(h, 'evaluator-2025', 'evaluator', { campaigns: ['series-2025'] });
  bdcTask = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: 'series-2026', unit: 'w-bdc', title: 't', description: 'd' } })).json().id;
  bdcFile = (await bdcLiaison({ method: 'POST', url: '/api/v1/attachments', ...multipart('a.pdf', PDF) })).json().id;
  await bdcLiaison({ method: 'POST', url: `/api/v1/tasks/${bdcTask}/answer`, payload: { text: 'done', attachmentIds: [bdcFile] } });
  inspectionId = (await h.admin({ method: 'POST', url: '/api/v1/inspections', payload: { campaign: 'series-2026', unit: 'w-bdc', visitedOn: '2026-10-01', kind: 'phone', findings: [] } })).json().id;
});
afterAll(() => h.close());

describe('a liaison of one unit', () => {
  const otherUnitRoutes = () => [
    `/api/v1/tasks/${bdcTask}`,
    `/api/v1/attachments/${bdcFile}`,
    '/api/v1/campaigns/series-2026/units/w-bdc/report',
    '/api/v1/campaigns/series-2026/units/w-bdc/reminder-sheet',
    '/api/v1/campaigns/series-2026/results',
    '/api/v1/campaigns/series-2026/results/export',
    '/api/v1/campaigns/series-2026/scores/daily',
    '/api/v1/campaigns/series-2026/scores/daily/history/w-bdc',
    '/api/v1/campaigns/series-2026/vetoes',
    '/api/v1/campaigns/series-2026/escalation',
    '/api/v1/campaigns/series-2026/ballots',
    '/api/v1/campaigns/series-2026/comments',
    '/api/v1/campaigns/series-2026/progress',
    '/api/v1/campaigns/series-2026/accountability',
    '/api/v1/series/wanrenping/trend?unit=w-bdc',
    `/api/v1/tasks/${bdcTask}/contact`,
    '/api/v1/audit',
    '/api/v1/users',
    '/api/v1/campaigns/series-2026/spec',
  ];

  it('gets 403 or 404 for another unit’s data on every route that returns unit data', async () => {
    for (const url of otherUnitRoutes()) {
      const res = await gsLiaison({ method: 'GET', url });
      expect([403, 404], `${url} gave ${res.statusCode}`).toContain(res.statusCode);
      expect(res.json().error.code).toBeTruthy();
    }
  });

  it('sees nothing of another unit in lists', async () => {
    expect((await gsLiaison({ method: 'GET', url: '/api/v1/tasks?campaign=series-2026' })).json()).toEqual([]);
    expect((await gsLiaison({ method: 'GET', url: '/api/v1/inspections?campaign=series-2026' })).json()).toEqual([]);
    expect((await gsLiaison({ method: 'GET', url: '/api/v1/tasks' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await gsLiaison({ method: 'POST', url: `/api/v1/tasks/${bdcTask}/answer`, payload: { text: 'x' } })).statusCode).toBe(404);
    expect((await gsLiaison({ method: 'POST', url: `/api/v1/tasks/${bdcTask}/appeal`, payload: { reason: 'x' } })).statusCode).toBe(404);
  });

  it('sees its own unit: report with warning and what to fix (published figures only), tasks, inspections, files', async () => {
    expect((await bdcLiaison({ method: 'GET', url: `/api/v1/tasks/${bdcTask}` })).statusCode).toBe(200);
    expect((await bdcLiaison({ method: 'GET', url: `/api/v1/attachments/${bdcFile}` })).statusCode).toBe(200);
    expect((await bdcLiaison({ method: 'GET', url: '/api/v1/inspections?campaign=series-2026' })).json().map((i: { id: number }) => i.id)).toEqual([inspectionId]);
    const before = (await bdcLiaison({ method: 'GET', url: '/api/v1/campaigns/series-2026/units/w-bdc/report' })).json();
    expect(before).toMatchObject({ published: null, result: null, summary: { total: 1, answered: 1 } });
    await h.admin({ method: 'POST', url: '/api/v1/campaigns/series-2026/status', payload: { status: 'closed' } });
    await h.admin({ method: 'POST', url: '/api/v1/campaigns/series-2026/results/publish' });
    const after = (await bdcLiaison({ method: 'GET', url: '/api/v1/campaigns/series-2026/units/w-bdc/report' })).json();
    expect(after.published.version).toBe(1);
    expect(after.result).toMatchObject({ key: 'w-bdc', warning: 'yellow', inBottom: true, consecutiveBottom: 3 });
    expect(after.escalation).toBe('leadership-review');
    expect(after.whatToFix[0]).toMatchObject({ problem: 'slow', share: '75.00' });
    expect((await bdcLiaison({ method: 'GET', url: '/api/v1/me/scope' })).json().units).toEqual([{ key: 'w-bdc', name: '不动产登记窗口' }]);
  });
});

describe('an evaluator', () => {
  it('reads the campaigns it is assigned and no other', async () => {
    expect((await evaluator({ method: 'GET', url: '/api/v1/campaigns/series-2025/results' })).statusCode).toBe(200);
    expect((await evaluator({ method: 'GET', url: '/api/v1/campaigns/series-2026/results' })).statusCode).toBe(404);
    expect((await evaluator({ method: 'GET', url: '/api/v1/campaigns/series-2025/ballots' })).statusCode).toBe(403);
    const trend = (await evaluator({ method: 'GET', url: '/api/v1/series/wanrenping/trend?unit=w-bdc' })).json();
    expect(trend.campaigns.map((c: { key: string }) => c.key)).toEqual(['series-2025']);
    expect((await evaluator({ method: 'PUT', url: '/api/v1/campaigns/series-2025/scores/daily', payload: { scores: [{ unit: 'w-gs', score: 1 }] } })).statusCode).toBe(403);
  });

  it('does not even see that other campaigns exist: not in the list, 404 on their summary', async () => {
    const list = await evaluator({ method: 'GET', url: '/api/v1/campaigns' });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((c: { key: string }) => c.key)).toEqual(['series-2025']);
    expect((await evaluator({ method: 'GET', url: '/api/v1/campaigns/series-2025' })).json()).toMatchObject({ key: 'series-2025' });
    const other = await evaluator({ method: 'GET', url: '/api/v1/campaigns/series-2026' });
    expect(other.statusCode).toBe(404);
    const unknown = await evaluator({ method: 'GET', url: '/api/v1/campaigns/no-such-campaign' });
    // Someone else's campaign and no campaign at all answer alike.
    expect(other.json().error.code).toBe(unknown.json().error.code);
    // The admin still sees them all.
    expect((await h.admin({ method: 'GET', url: '/api/v1/campaigns' })).json().map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['series-2025', 'series-2026']));
  });
});

describe('escalation across three campaigns of a series', () => {
  it('lists the bottom units with their consecutive-bottom count and the step it calls for, and exports it', async () => {
    const list = (await h.admin({ method: 'GET', url: '/api/v1/campaigns/series-2026/escalation' })).json();
    const bdc = list.find((e: { unit: string }) => e.unit === 'w-bdc');
    expect(bdc).toMatchObject({ consecutiveBottom: 3, step: 'leadership-review', category: 'windows' });
    const steps = (await Promise.all(['series-2024', 'series-2025'].map((k) => h.admin({ method: 'GET', url: `/api/v1/campaigns/${k}/escalation` })))).map(
      (r) => r.json().find((e: { unit: string }) => e.unit === 'w-bdc').step,
    );
    expect(steps).toEqual(['public-criticism', 'talk-with-head']);
    const csv = await h.admin({ method: 'GET', url: '/api/v1/campaigns/series-2026/escalation?format=csv' });
    expect(csv.body).toContain('不动产登记窗口');
    expect(csv.body).toContain('组织调整');
    expect(csv.body).toMatch(/^\ufeff类别,名次,被评对象,综合得分,一票否决,连续末位次数,处理措施,措施代码\r?\n/);
    // In English when asked, as the rankings export: no Chinese of its own, only the units' and categories' names.
    const en = (await h.admin({ method: 'GET', url: '/api/v1/campaigns/series-2026/escalation?format=csv&lang=en' })).body;
    expect(en).toMatch(/^\ufeffCategory,Rank,Unit,Composite,Veto,Consecutive bottom,Step,Step code\r?\n/);
    expect(en).toContain(',Leadership review,leadership-review');
  });
});

describe('users', () => {
  it('are invited and changed only by admins, and every change is audited', async () => {
    expect((await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'gs-liaison', role: 'liaison' } })).json().error.code).toBe('USERNAME_TAKEN');
    expect((await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'x1', role: 'liaison', units: ['nope'] } })).json().error.code).toBe('UNIT_UNKNOWN');
    expect((await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'x2', role: 'boss' } })).statusCode).toBe(400);
    expect((await gsLiaison({ method: 'POST', url: '/api/v1/users', payload: { username: 'x3', role: 'admin' } })).statusCode).toBe(403);
    const users = (await h.admin({ method: 'GET', url: '/api/v1/users' })).json();
    const gs = users.find((u: { username: string }) => u.username === 'gs-liaison');
    const changed = await h.admin({ method: 'PATCH', url: `/api/v1/users/${gs.id}`, payload: { units: ['w-gs', 'w-yb'] } });
    expect(changed.json().units).toEqual(['w-gs', 'w-yb']);
    const disabled = await h.admin({ method: 'PATCH', url: `/api/v1/users/${gs.id}`, payload: { disabled: true } });
    expect(disabled.json().disabledAt).not.toBeNull();
    expect((await gsLiaison({ method: 'GET', url: '/api/v1/me/scope' })).statusCode).toBe(401);
    const audit = (await h.admin({ method: 'GET', url: '/api/v1/audit?action=users.' })).json().entries.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a === 'users.update')).toHaveLength(2);
  });

  it('take a unit or campaign named twice as one assignment (it was a 500 at the table’s primary key), and list an evaluator’s own campaigns', async () => {
    const invited = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'x4', role: 'liaison', units: ['w-gs', 'w-gs'] } });
    expect([invited.statusCode, invited.json().user?.units]).toEqual([201, ['w-gs']]);
    const twice = await h.admin({ method: 'PATCH', url: `/api/v1/users/${invited.json().user.id}`, payload: { units: ['w-gs', 'w-yb', 'w-gs'] } });
    expect([twice.statusCode, twice.json().units]).toEqual([200, ['w-gs', 'w-yb']]);
    const evaluator = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'x5', role: 'evaluator', campaigns: ['series-2026', 'series-2026'] } });
    expect([evaluator.statusCode, evaluator.json().user?.campaigns]).toEqual([201, ['series-2026']]);
  });
});

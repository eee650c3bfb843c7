// The whole loop: ballot problems → task → answer → verify → closed; returns,
// appeals, follow-ups, the overdue job, inspections and the public close-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOverdue } from '../../server/src/modules/tasks/overdue.js';
import { campaignWithProblems, multipart, PDF, person, PNG } from './accountability-helpers.js';
import { createHarness, type Harness } from './harness.js';
import { DOCX, PLAIN_ZIP, storedZip, XLSX } from '../fixtures/office.js';

let h: Harness;
let receipts: string[];
let liaison: Awaited<ReturnType<typeof person>>;
const KEY = 'loop-2026';

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  ({ receipts } = await campaignWithProblems(h, KEY, 2026));
  liaison = await person(h, 'bdc-liaison', 'liaison', { units: ['w-bdc'] });
});
afterAll(() => h.close());

const taskOf = async (id: number) => (await h.admin({ method: 'GET', url: `/api/v1/tasks/${id}` })).json();

describe('tasks from ballot problems', () => {
  let taskId: number;

  it('opens a task for each problem ticked on at least the threshold share of a unit’s ballots, once', async () => {
    const res = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/tasks/from-problems`, payload: { threshold: 0.5 } });
    expect(res.json()).toEqual({ created: 1, threshold: 0.5 });
    const again = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/tasks/from-problems`, payload: { threshold: 0.5 } });
    expect(again.json().created).toBe(0);
    const tasks = (await h.admin({ method: 'GET', url: `/api/v1/tasks?campaign=${KEY}` })).json();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ unit: 'w-bdc', source: 'problem', sourceRef: 'slow', title: '办事效率低、久拖不办', status: 'open', overdue: false });
    taskId = tasks[0].id;
  });

  it('stores what it wrote as a code with parameters, not a sentence: each reader words it in its own language', async () => {
    const code = { code: 'PROBLEM_SHARE', params: { problem: 'slow', problemLabel: '办事效率低、久拖不办', share: '75.00', count: 3 } };
    const task = await taskOf(taskId);
    expect(task).toMatchObject({ description: null, descriptionCode: code });
    expect(task.events[0]).toMatchObject({ action: 'created', note: null, noteCode: { code: 'FROM_PROBLEMS', params: { threshold: '50' } } });
    const [row] = await h.ctx.database.query<{ description: string | null; description_code: unknown }>(`select description, description_code from tasks where id = $1`, [taskId]);
    expect(row).toEqual({ description: null, description_code: code });
    // The liaison's report lists it the same way.
    const report = (await liaison({ method: 'GET', url: `/api/v1/campaigns/${KEY}/units/w-bdc/report` })).json();
    expect(report.tasks.find((t: { id: number }) => t.id === taskId)?.descriptionCode).toEqual(code);
  });

  it('prints the reminder sheet (工作提示单) in Chinese only', async () => {
    const sheet = await liaison({ method: 'GET', url: `/api/v1/campaigns/${KEY}/units/w-bdc/reminder-sheet` });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('75.00% 的有效问卷（3 份）勾选了“办事效率低、久拖不办”。');
    expect(sheet.body).toContain('<td class="st">待整改</td>');
    expect(sheet.body).not.toMatch(/valid ballots|ticked|threshold|Print/);
    // The print CSP runs no script: an inline handler would be a dead button.
    expect(sheet.body).not.toMatch(/\son\w+=/);
  });

  it('is answered by the unit’s liaison with an attachment, verified and closed by the office', async () => {
    const up = await liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart('整改报告.pdf', PDF) });
    expect(up.statusCode).toBe(201);
    const answered = await liaison({ method: 'POST', url: `/api/v1/tasks/${taskId}/answer`, payload: { text: '已增设两个窗口，推行预约办理。', attachmentIds: [up.json().id] } });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().status).toBe('answered');
    // The office cannot answer for the unit, and the liaison cannot close its own task.
    expect((await h.admin({ method: 'POST', url: `/api/v1/tasks/${taskId}/answer`, payload: { text: 'x' } })).statusCode).toBe(403);
    expect((await liaison({ method: 'POST', url: `/api/v1/tasks/${taskId}/verify`, payload: { action: 'close' } })).statusCode).toBe(403);

    const file = await h.admin({ method: 'GET', url: `/api/v1/attachments/${up.json().id}` });
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PDF)).toBe(true);

    const closed = await h.admin({ method: 'POST', url: `/api/v1/tasks/${taskId}/verify`, payload: { action: 'close', note: '核验属实，予以销号' } });
    expect(closed.json()).toMatchObject({ status: 'closed', closedLate: false });
    expect(closed.json().events.map((e: { action: string; user: string }) => [e.action, e.user])).toEqual([
      ['created', 'admin'],
      ['answered', 'bdc-liaison'],
      ['closed', 'admin'],
    ]);
    expect((await h.admin({ method: 'POST', url: `/api/v1/tasks/${taskId}/verify`, payload: { action: 'close' } })).json().error.code).toBe('INVALID_TASK_TRANSITION');
  });
});

describe('an attachment with a long name', () => {
  it('keeps the name’s last 120 units without cutting a character in two', async () => {
    // 😀 is two UTF-16 units: `slice(-120)` kept its second half, which jsonb (the audit entry) refused: a 500.
    const name = `😀${'a'.repeat(115)}.pdf`;
    const up = await liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart(name, PDF) });
    expect(up.statusCode).toBe(201);
    expect(up.json().filename).toBe(`${'a'.repeat(115)}.pdf`);
    const whole = `😀${'a'.repeat(114)}.pdf`; // 120 units: kept as it is
    expect((await liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart(whole, PDF) })).json().filename).toBe(whole);
  });
});

describe('a task returned, appealed, or from a voter who asked for a call back', () => {
  it('goes back to the unit when returned, and can be answered again', async () => {
    const t = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: 'w-bdc', title: '窗口引导标识不清', description: '大厅缺少引导标识。' } })).json();
    expect(t.deadline > t.createdAt.slice(0, 10)).toBe(true);
    await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/answer`, payload: { text: '已整改' } });
    const returned = await h.admin({ method: 'POST', url: `/api/v1/tasks/${t.id}/verify`, payload: { action: 'return', note: '请补充照片' } });
    expect(returned.json().status).toBe('returned');
    expect((await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/answer`, payload: { text: '已补充' } })).json().status).toBe('answered');
  });

  it('is withdrawn when the office upholds the unit’s appeal; nothing closes while an appeal is pending', async () => {
    const t = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: 'w-bdc', title: '收费不规范', description: '群众反映多收费。' } })).json();
    const appealed = await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/appeal`, payload: { reason: '收费标准经物价部门核定，系误解。' } });
    expect(appealed.json().appeal).toMatchObject({ status: 'pending' });
    expect((await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/appeal`, payload: { reason: 'again' } })).json().error.code).toBe('APPEAL_PENDING');
    await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/answer`, payload: { text: '见申诉' } });
    expect((await h.admin({ method: 'POST', url: `/api/v1/tasks/${t.id}/verify`, payload: { action: 'close' } })).json().error.code).toBe('APPEAL_PENDING');
    const decided = await h.admin({ method: 'POST', url: `/api/v1/tasks/${t.id}/appeal/decide`, payload: { decision: 'upheld', note: '经核实，收费合规。' } });
    expect(decided.json()).toMatchObject({ status: 'withdrawn', appeal: { status: 'upheld', decisionNote: '经核实，收费合规。' } });
  });

  it('needs a follow-up record to close when the voter left a number', async () => {
    const consent = await h.inject({ method: 'POST', url: `/api/v1/receipts/${receipts[0]}/followup`, payload: { phone: '138 0000 1234', consent: true } });
    expect(consent.statusCode).toBe(201);
    expect((await h.inject({ method: 'POST', url: `/api/v1/receipts/${receipts[0]}/followup`, payload: { phone: '13800001234', consent: false } })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await h.inject({ method: 'POST', url: `/api/v1/receipts/${receipts[1]}/followup`, payload: { phone: '13800001234', consent: true } })).statusCode).toBe(409); // no comment
    const comments = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}/comments` })).json().comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ hasContact: true, taskIds: [] });
    const rows = await h.ctx.database.query<{ row: string }>(`select row_to_json(f)::text as row from followup_contacts f`);
    expect(rows[0].row).not.toContain('13800001234');

    const t = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: 'w-bdc', source: 'comment', commentKey: comments[0].key, title: '排队时间长', description: comments[0].comment, isPublic: true } })).json();
    expect(t.needsFollowup).toBe(true);
    await liaison({ method: 'POST', url: `/api/v1/tasks/${t.id}/answer`, payload: { text: '高峰期增开窗口' } });
    expect((await h.admin({ method: 'POST', url: `/api/v1/tasks/${t.id}/verify`, payload: { action: 'close' } })).json().error.code).toBe('FOLLOWUP_REQUIRED');
    expect((await h.admin({ method: 'GET', url: `/api/v1/tasks/${t.id}/contact` })).json().phone).toBe('13800001234');
    expect((await liaison({ method: 'GET', url: `/api/v1/tasks/${t.id}/contact` })).statusCode).toBe(403);
    const closed = await h.admin({ method: 'POST', url: `/api/v1/tasks/${t.id}/verify`, payload: { action: 'close', followup: { reached: true, satisfied: true, note: '群众表示满意' } } });
    expect(closed.json()).toMatchObject({ status: 'closed', followups: [{ reached: true, satisfied: true }] });
  });
});

describe('the daily overdue job', () => {
  it('marks tasks past their deadline overdue and records one reminder per task and day', async () => {
    const t = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: 'w-gs', title: '办事指南未更新', description: '窗口办事指南与实际不符。', workingDays: 1 } })).json();
    const later = new Date(Date.parse(`${t.deadline}T12:00:00+08:00`) + 3 * 86_400_000);
    const first = await markOverdue(h.ctx, later);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(await markOverdue(h.ctx, later)).toEqual({ overdue: 0, reminders: 0 });
    const outbox = await h.ctx.database.query<{ kind: string; message: unknown }>(`select kind, message from reminder_outbox where task_id = $1`, [t.id]);
    expect(outbox).toEqual([{ kind: 'overdue', message: { code: 'REMINDER_OVERDUE', params: { title: '办事指南未更新', deadline: t.deadline } } }]);
    const events = (await taskOf(t.id)).events;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['created', 'overdue', 'reminded']);
    expect(events[1]).toMatchObject({ note: null, noteCode: { code: 'DEADLINE_PASSED' } });
    expect(events[2]).toMatchObject({ note: null, noteCode: { code: 'REMINDED', params: { kind: 'overdue' } } });
  });
});

describe('the holiday calendar', () => {
  // A year no deadline of these tests reaches.
  const DAYS = [
    { day: '2031-10-01', name: '国庆节', workday: false },
    { day: '2031-10-02', name: '国庆节', workday: false },
    { day: '2031-10-11', name: '国庆节调休', workday: true },
  ];

  it('takes the same list sent four times at once: every answer 200, the list stored once', async () => {
    const put = () => h.admin({ method: 'PUT', url: '/api/v1/holidays', payload: { days: DAYS } });
    const answers = await Promise.all([put(), put(), put(), put()]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const stored = (await h.admin({ method: 'GET', url: '/api/v1/holidays' })).json().filter((d: { day: string }) => d.day.startsWith('2031'));
    expect(stored).toEqual(DAYS);
    const audits = await h.ctx.database.query(`select 1 from audit_log where action = 'holidays.set' and target = '2031'`);
    expect(audits).toHaveLength(4);
  });

  it('counts a day given twice in one list once, as given last', async () => {
    const res = await h.admin({ method: 'PUT', url: '/api/v1/holidays', payload: { days: [...DAYS, { day: '2031-10-02', name: '国庆节（补）', workday: false }] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().filter((d: { day: string }) => d.day === '2031-10-02')).toEqual([{ day: '2031-10-02', name: '国庆节（补）', workday: false }]);
  });
});

describe('inspections', () => {
  it('are recorded with findings and photos, and a finding becomes a task', async () => {
    const inspector = await person(h, 'inspector-1', 'inspector');
    const photo = await inspector({ method: 'POST', url: '/api/v1/attachments', ...multipart('现场.png', PNG) });
    expect(photo.statusCode).toBe(201);
    const visit = await inspector({
      method: 'POST',
      url: '/api/v1/inspections',
      payload: { campaign: KEY, unit: 'w-bdc', place: '3号窗口', visitedOn: '2026-10-12', kind: 'undercover', findings: [{ problem: 'attitude', description: '工作人员玩手机，态度生硬。', photoIds: [photo.json().id] }] },
    });
    expect(visit.statusCode).toBe(201);
    const { id, findings } = visit.json();
    expect((await inspector({ method: 'POST', url: `/api/v1/inspections/${id}/findings/${findings[0].id}/task`, payload: {} })).statusCode).toBe(403);
    const task = await h.admin({ method: 'POST', url: `/api/v1/inspections/${id}/findings/${findings[0].id}/task`, payload: {} });
    expect(task.json()).toMatchObject({
      source: 'inspection',
      unit: 'w-bdc',
      title: '门难进、脸难看、事难办',
      description: null,
      descriptionCode: { code: 'INSPECTION_FINDING', params: { inspection: id, visitedOn: '2026-10-12', kind: 'undercover', place: '3号窗口', finding: '工作人员玩手机，态度生硬。' } },
    });
    expect(task.json().events[0]).toMatchObject({ note: null, noteCode: { code: 'FROM_INSPECTION', params: { inspection: id } } });
    // The unit's liaison sees the visit and its photo.
    expect((await liaison({ method: 'GET', url: `/api/v1/inspections?campaign=${KEY}` })).json()).toHaveLength(1);
    expect((await liaison({ method: 'GET', url: `/api/v1/attachments/${photo.json().id}` })).statusCode).toBe(200);
    const overview = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${KEY}/accountability` })).json();
    expect(overview.totals).toMatchObject({ visits: 1, unitsVisited: 1, findings: 1 });
    expect(overview.units.find((u: { unit: string }) => u.unit === 'w-bdc').tasks).toMatchObject({ closed: 2, withdrawn: 1 });
  });

  it('refuse a file that is not what its name says, or a type that could run', async () => {
    const exe = await liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart('report.pdf', Buffer.from('MZ\x90\x00 this is an exe')) });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('ATTACHMENT_REJECTED');
    expect((await liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart('x.html', Buffer.from('<script>alert(1)</script>')) })).statusCode).toBe(415);
    expect((await liaison({ method: 'POST', url: '/api/v1/attachments', payload: { not: 'multipart' } })).statusCode).toBe(415);
  });

  it('take an Office file only if it is one: a zip named .docx, a sheet named .docx or a macro document is refused', async () => {
    const upload = (name: string, data: Buffer) => liaison({ method: 'POST', url: '/api/v1/attachments', ...multipart(name, data) });
    for (const [name, data] of [
      ['整改报告.docx', PLAIN_ZIP],
      ['整改报告.docx', XLSX],
      ['排班表.xlsx', DOCX],
      ['排班表.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000)])],
      ['宏.docx', storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>', 'word/vbaProject.bin': 'macro' })],
    ] as const) {
      const res = await upload(name, data);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code).toBe('ATTACHMENT_REJECTED');
    }
    expect((await upload('整改报告.docx', DOCX)).json()).toMatchObject({ contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect((await upload('排班表.xlsx', XLSX)).json()).toMatchObject({ contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });
});

describe('the public close-out', () => {
  it('shows, once published, per unit how many tasks were opened, closed on time or late, still open, and the public ones', async () => {
    expect((await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/close-out` })).json().error.code).toBe('NOT_PUBLISHED');
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/status`, payload: { status: 'closed' } });
    expect((await h.admin({ method: 'POST', url: `/api/v1/campaigns/${KEY}/results/publish` })).statusCode).toBe(201);
    const res = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/close-out` })).json();
    const bdc = res.units.find((u: { unit: string }) => u.unit === 'w-bdc');
    expect(bdc).toMatchObject({ opened: 4, closedOnTime: 2, closedLate: 0, stillOpen: 2 });
    expect(bdc.publicTasks.map((t: { title: string }) => t.title)).toEqual(['排队时间长']);
    // A text a person typed (here the voter's comment) stays as written.
    expect(bdc.publicTasks[0]).toMatchObject({ description: expect.any(String), descriptionCode: null });
    expect(JSON.stringify(res)).not.toContain('13800001234');
  });
});

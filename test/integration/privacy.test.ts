// The receipt page tells voters that no one can see what they chose. This
// plays an office admin who holds a phone number a voter left for a call back
// and reads every console route there is (taken from the OpenAPI document),
// trying to join that number to the voter's ratings in the ballots export
// (issue 8 item 7). It fails if any chain of shared values gets there.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotFor, createHarness, drained, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const OPTIONS = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
const PHONE = '13912345678';
const COMMENTS = ['不动产登记窗口排队两个小时，希望增加窗口。', '公积金提取材料太多。', '医保报销很快，点赞。', '市场监管投诉电话打不通。'];

let h: Harness;
let key: string;
let target: { receipt: string; ballotId: number };

beforeAll(async () => {
  h = await createHarness();
  // Every table counts from its own far-apart start, so that a task id cannot equal
  // a ballot id by coincidence and be mistaken for a join (or hide one).
  const seqs = await h.ctx.database.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = 'public' order by 1`);
  for (const [i, s] of seqs.entries()) await h.ctx.database.query(`select setval('public."${s.name}"', $1)`, [(i + 1) * 1_000_000]);
  key = await openCampaign(h);
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 12);
  const receipts: string[] = [];
  for (const [i, code] of codes.entries()) {
    const body = ballotFor(UNITS, (u) => OPTIONS[(u * 7 + i * 3) % OPTIONS.length], {
      ...(i % 3 === 0 ? { comment: COMMENTS[i / 3] } : {}),
      ...(i === 4 ? { problems: { 'w-bdc': ['slow'] } } : {}),
      ...(i === 5 ? { answeringMs: 1_500 } : {}), // too fast: flagged, so the ballot list shows it
    });
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress: `10.9.0.${i}` });
    expect(res.statusCode).toBe(201);
    receipts.push(res.json().receipt);
  }
  await h.startWorker();
  await drained(h);
  // The voter of the third comment leaves a number; the office makes every comment a task.
  const followup = await h.inject({ method: 'POST', url: `/api/v1/receipts/${receipts[6]}/followup`, payload: { phone: '139 1234 5678', consent: true } });
  expect(followup.statusCode).toBe(201);
  expect(followup.json()).toEqual({ ok: true });
  const [row] = await h.ctx.database.query<{ id: number }>(`select id::int as id from ballots where comment = $1`, [COMMENTS[2]]);
  target = { receipt: receipts[6], ballotId: Number(row.id) };
  const { comments } = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/comments?limit=500` })).json();
  expect(comments).toHaveLength(COMMENTS.length);
  for (const c of comments) {
    const res = await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: key, unit: 'w-bdc', source: 'comment', commentKey: c.key, title: c.comment.slice(0, 10), description: c.comment } });
    expect(res.statusCode).toBe(201);
  }
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/recompute`, payload: {} });
});
afterAll(() => h.close());

type Rec = { from: string; values: Set<string> };

/** Every value a record holds, and the numbers and hex strings inside its text (an attacker parses "task#12"). */
function valuesOf(leaves: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const v of leaves) {
    if (v === null || v === undefined || typeof v === 'boolean') continue;
    const s = String(v).trim();
    if (!s) continue;
    out.add(s);
    for (const m of s.match(/\d{4,}|[0-9a-f]{16,}/g) ?? []) out.add(m);
  }
  return out;
}

function leavesOf(x: unknown): unknown[] {
  if (Array.isArray(x)) return x.flatMap(leavesOf);
  if (x && typeof x === 'object') return Object.values(x).flatMap(leavesOf);
  return [x];
}

/** A response split into records: each array element (at any depth), and the plain fields of the object around them. */
function recordsOf(from: string, body: unknown): Rec[] {
  const out: Rec[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) {
      for (const e of x) {
        out.push({ from, values: valuesOf(leavesOf(e)) });
        walk(e);
      }
    } else if (x && typeof x === 'object') {
      const plain = Object.values(x).filter((v) => v === null || typeof v !== 'object');
      if (plain.length) out.push({ from, values: valuesOf(plain) });
      for (const v of Object.values(x)) if (v && typeof v === 'object') walk(v);
    }
  };
  if (body && typeof body === 'object') walk(body);
  else out.push({ from, values: valuesOf([body]) });
  return out;
}

/** Reads every GET operation of the API an admin may call, with every value its path parameters can take. */
async function harvest(): Promise<{ records: Rec[]; csv: string[][]; bodies: Map<string, string> }> {
  const doc = (await h.inject({ method: 'GET', url: '/api/docs/json' })).json();
  const tasks = (await h.admin({ method: 'GET', url: `/api/v1/tasks?campaign=${key}&limit=500` })).json() as { id: number }[];
  const batches = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/code-batches` })).json() as { id: number }[];
  const fill: Record<string, string[]> = {
    key: [key],
    id: [...tasks.map((t) => String(t.id)), ...batches.map((b) => String(b.id))],
    unit: UNITS,
    component: EXAMPLE_SPEC.components.map((c: { key: string }) => c.key),
    series: [EXAMPLE_SPEC.series],
  };
  const extraQueries: Record<string, string[]> = {
    '/api/v1/campaigns/{key}/ballots': ['?review=none', '?review=flagged', '?review=cleared', '?review=voided'],
    '/api/v1/campaigns/{key}/comments': ['?limit=500'],
    '/api/v1/audit': ['', '?limit=500'],
  };
  const urls: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    if (!('get' in ops) || /\{(receipt|code)\}/.test(path)) continue; // a voter's secrets, which the office does not hold
    let expanded = [path];
    for (const name of path.match(/\{(\w+)\}/g) ?? []) {
      const values = fill[name.slice(1, -1)];
      if (!values) throw new Error(`no values for ${name} in ${path}: add them so the route is read`);
      expanded = expanded.flatMap((u) => values.map((v) => u.replace(name, encodeURIComponent(v))));
    }
    for (const u of expanded) for (const q of extraQueries[path] ?? ['']) urls.push(u + q);
  }
  const records: Rec[] = [];
  const bodies = new Map<string, string>();
  let csv: string[][] = [];
  for (const url of urls) {
    const res = await h.admin({ method: 'GET', url });
    if (res.statusCode !== 200) continue;
    bodies.set(url, res.body);
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json')) records.push(...recordsOf(url, res.json()));
    else if (type.includes('csv')) {
      const rows: string[][] = parse(res.body.replace(/^\ufeff/, ''), { relaxColumnCount: true });
      for (const r of rows) records.push({ from: url, values: valuesOf(r) });
      if (url.endsWith(`/campaigns/${key}/ballots.csv`)) csv = rows;
    } else records.push({ from: url, values: valuesOf([res.body]) });
  }
  return { records, csv, bodies };
}

describe('a phone number left for a call back', () => {
  it('cannot be joined to the ratings of its ballot through anything the console shows', async () => {
    const { records, csv, bodies } = await harvest();
    expect(bodies.size).toBeGreaterThan(30);
    const [header, ...rows] = csv;
    expect(rows).toHaveLength(12);
    const row = rows.find((r) => r[header.indexOf('ballot_id')] === String(target.ballotId))!;
    expect(row).toBeDefined();
    // What singles the ballot out among the others: values of its row no other row has.
    const others = rows.filter((r) => r !== row);
    const telling = row.filter((v) => v && !others.some((o) => o.includes(v)));
    expect(telling).toContain(String(target.ballotId));

    // The admin reveals the number (the only place it is shown) and starts from there.
    const withPhone = records.filter((r) => [...r.values].some((v) => v.replace(/\D/g, '') === PHONE));
    expect(withPhone.map((r) => r.from)).toEqual([expect.stringMatching(/\/tasks\/\d+\/contact$/)]);
    const taskId = withPhone[0].from.match(/\/tasks\/(\d+)\/contact$/)![1];

    // Follow every value that is rare enough to tell records apart, as far as it leads.
    // A value shared by many records (the campaign key, a unit, "satisfied") tells nothing apart.
    // The same record read twice (two pages of one list) counts once.
    const count = new Map<string, number>();
    const seen = new Set<string>();
    for (const r of records) {
      const sig = [...r.values].sort().join('\u0001');
      if (seen.has(sig)) continue;
      seen.add(sig);
      for (const v of r.values) count.set(v, (count.get(v) ?? 0) + 1);
    }
    const rare = (v: string) => (count.get(v) ?? 0) <= 12;
    const known = new Set<string>([PHONE, taskId]);
    const reached = new Set<Rec>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of records) {
        if (reached.has(r) || ![...r.values].some((v) => known.has(v) && rare(v))) continue;
        reached.add(r);
        grew = true;
        for (const v of r.values) known.add(v);
      }
    }
    // The chain does work: from the number to its task and to the comment itself (which the office reads)...
    expect(known.has(COMMENTS[2])).toBe(true);
    // ...but it stops there: nothing it reaches singles out the ballot's row in the export.
    const leads = telling.filter((v) => known.has(v));
    const via = [...reached].filter((r) => leads.some((v) => r.values.has(v))).map((r) => r.from);
    expect({ leads, via }).toEqual({ leads: [], via: [] });

    // And the other way round: nothing of the comment reaches the ballot side.
    for (const [url, body] of bodies) {
      if (/ballots(\.csv)?(\?|$)/.test(url)) expect(body, url).not.toContain(COMMENTS[2]);
    }
  });

  it('is listed without a date or time: a day on which one ballot of a group was cast would single that ballot out', async () => {
    const { comments } = (await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/comments?limit=500` })).json();
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) {
      expect(Object.keys(c).sort()).toEqual(['comment', 'group', 'hasContact', 'key', 'questionnaire', 'taskIds']);
      expect(JSON.stringify(c)).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/);
    }
  });

  it('cannot be fetched for a ballot chosen from the export: tasks take a comment key, never a ballot id', async () => {
    const res = await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: key, unit: 'w-gs', source: 'comment', ballotId: target.ballotId, title: 'x', description: 'x' } });
    expect(res.statusCode).toBe(400);
    const guessed = await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: key, unit: 'w-gs', source: 'comment', commentKey: String(target.ballotId).padStart(24, '0'), title: 'x', description: 'x' } });
    expect(guessed.statusCode).toBe(404);
  });

  it('is stored apart from the ballot: the contact names the comment by its key, not the ballot', async () => {
    const rows = await h.ctx.database.query<{ ballot_id: number | null; comment_key: string }>(`select ballot_id, comment_key from followup_contacts`);
    expect(rows).toEqual([{ ballot_id: null, comment_key: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
    const tasks = await h.ctx.database.query<{ source_ref: string }>(`select source_ref from tasks where source = 'comment'`);
    for (const t of tasks) expect(t.source_ref).not.toBe(String(target.ballotId));
  });
});

// Migration 0011 turns the sentences the server used to write (mixed Chinese
// and English) into codes with parameters, and leaves alone anything a person
// typed, even when it looks like one of them.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_URL, dbUrl } from './env.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../migrations');
const name = `minping_mig_codes_${process.pid}_${Date.now()}`;
let db: pg.Client;

const statements = (file: string) =>
  fs
    .readFileSync(path.join(MIGRATIONS, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

async function apply(file: string) {
  for (const s of statements(file)) await db.query(s);
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  db = new pg.Client({ connectionString: dbUrl(name) });
  await db.connect();
  const files = fs.readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
  const at = files.findIndex((f) => f.endsWith('_coded_texts.sql'));
  expect(at).toBeGreaterThan(0);
  for (const f of files.slice(0, at)) await apply(f);
  // What the server wrote before, and what people typed.
  await db.query(`
    insert into users (username, password_hash) values ('admin', 'x');
    insert into campaigns (key, series, spec, first_phase_start) values ('c-2026', 's', '{}', '2026-01-01');
    insert into tasks (campaign_id, unit_key, source, source_ref, title, description, deadline) values
      (1, 'w-bdc', 'problem', 'buck-passing', '推诿扯皮', '3.03% 的有效问卷（83 份）勾选了“推诿扯皮”。 3.03% of valid ballots (83) ticked "推诿扯皮".', '2026-02-01'),
      (1, 'w-bdc', 'manual', null, '手写', '3.03% 的有效问卷（83 份）勾选了“推诿扯皮”。 这是作风办自己写的。', '2026-02-01'),
      (1, 'w-gs', 'inspection', '1', '态度', '2026-10-12 3号窗口（undercover）：玩手机，
    态度生硬。', '2026-02-01'),
      (1, 'w-gs', 'inspection', '2', '电话', '2026-10-14 （phone）：无人接听。', '2026-02-01');
    insert into inspections (campaign_id, unit_key, place, visited_on, kind, inspector_id) values (1, 'w-gs', '3号窗口', '2026-10-12', 'undercover', 1), (1, 'w-gs', null, '2026-10-14', 'phone', 1);
    insert into inspection_findings (inspection_id, description, task_id) values (1, '玩手机，
    态度生硬。', 3), (2, '无人接听。', 4);
    insert into task_events (task_id, action, note) values
      (1, 'created', 'threshold 0.03'), (1, 'created', 'threshold 0.125'), (3, 'created', 'inspection #1'),
      (1, 'overdue', 'deadline passed (2026-02-02)'), (1, 'reminded', 'overdue'), (2, 'created', 'threshold 已核实'), (2, 'closed', 'threshold 0.5');
    insert into reminder_outbox (task_id, unit_key, kind, day, message) values (1, 'w-bdc', 'overdue', '2026-02-02', '整改任务“推诿扯皮”已于 2026-02-01 逾期。Task …');
  `);
  await apply(files[at]);
});

afterAll(async () => {
  await db?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${name}"`);
  await admin.end();
});

it('turns the generated task descriptions into codes and keeps the office’s own text', async () => {
  const { rows } = await db.query(`select id, description, description_code as code from tasks order by id`);
  expect(rows).toEqual([
    { id: 1, description: null, code: { code: 'PROBLEM_SHARE', params: { problem: 'buck-passing', problemLabel: '推诿扯皮', share: '3.03', count: 83 } } },
    { id: 2, description: '3.03% 的有效问卷（83 份）勾选了“推诿扯皮”。 这是作风办自己写的。', code: null },
    { id: 3, description: null, code: { code: 'INSPECTION_FINDING', params: { inspection: 1, visitedOn: '2026-10-12', kind: 'undercover', place: '3号窗口', finding: '玩手机，\n    态度生硬。' } } },
    { id: 4, description: null, code: { code: 'INSPECTION_FINDING', params: { inspection: 2, visitedOn: '2026-10-14', kind: 'phone', place: null, finding: '无人接听。' } } },
  ]);
});

it('turns the server’s step notes into codes, thresholds as percentages, and leaves people’s notes', async () => {
  const { rows } = await db.query(`select action, note, note_code as code from task_events order by id`);
  expect(rows).toEqual([
    { action: 'created', note: null, code: { code: 'FROM_PROBLEMS', params: { threshold: '3' } } },
    { action: 'created', note: null, code: { code: 'FROM_PROBLEMS', params: { threshold: '12.5' } } },
    { action: 'created', note: null, code: { code: 'FROM_INSPECTION', params: { inspection: 1 } } },
    { action: 'overdue', note: null, code: { code: 'DEADLINE_PASSED', params: { day: '2026-02-02' } } },
    { action: 'reminded', note: null, code: { code: 'REMINDED', params: { kind: 'overdue' } } },
    { action: 'created', note: 'threshold 已核实', code: null },
    { action: 'closed', note: 'threshold 0.5', code: null },
  ]);
});

it('keeps every reminder, as a code', async () => {
  const { rows } = await db.query(`select kind, message from reminder_outbox`);
  expect(rows).toEqual([{ kind: 'overdue', message: { code: 'REMINDER_OVERDUE', params: { title: '推诿扯皮', deadline: '2026-02-01' } } }]);
});

it('refuses a task with neither a description nor a code', async () => {
  await expect(db.query(`insert into tasks (campaign_id, unit_key, source, title, deadline) values (1, 'w-gs', 'manual', 't', '2026-03-01')`)).rejects.toThrow(/tasks_description_check/);
});

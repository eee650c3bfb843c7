import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, issueCodes, openCampaign, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

it('records every change a person made, with who, and exports it', async () => {
  const key = await openCampaign(h);
  const { codes, batchId } = await issueCodes(h, key, 'survey', 'citizens', 3);
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/codes/void`, payload: { code: codes[0], reason: '遗失' } });
  await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/scores/daily`, payload: { scores: [{ unit: 'w-gs', score: 91.5 }] } });
  await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/vetoes/w-yb`, payload: { reason: '发生重大违纪' } });
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/code-batches/${batchId}/void`, payload: { reason: '批次作废' } });

  const res = await h.admin({ method: 'GET', url: `/api/v1/audit?campaign=${key}` });
  expect(res.statusCode).toBe(200);
  const entries = res.json().entries as { action: string; user: string; target: string; detail: any }[];
  expect(entries.map((e) => e.action)).toEqual([
    'codes.void-batch',
    'veto.set',
    'scores.enter',
    'codes.void',
    'codes.create-batch',
    'campaign.status',
    'campaign.import',
  ]);
  expect(entries.every((e) => e.user === 'admin')).toBe(true);
  expect(entries[1]).toMatchObject({ target: 'w-yb', detail: { reason: '发生重大违纪' } });
  expect(JSON.stringify(entries)).not.toContain(codes[0]); // codes are secrets, not log lines

  const filtered = await h.admin({ method: 'GET', url: '/api/v1/audit?action=codes.&limit=2' });
  expect(filtered.json().entries.map((e: { action: string }) => e.action)).toEqual(['codes.void-batch', 'codes.void']);
  expect(filtered.json().next).not.toBeNull();

  const csv = await h.admin({ method: 'GET', url: '/api/v1/audit.csv' });
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.body.trim().split('\n')).toHaveLength(entries.length + 1);
});

it('cannot be edited or deleted, not even by SQL', async () => {
  // The trigger refuses the owner; a role that owns nothing (TEST_APP_ROLE=1) lacks the privilege.
  await expect(h.ctx.database.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only|permission denied/);
  await expect(h.ctx.database.query(`delete from audit_log`)).rejects.toThrow(/append-only|permission denied/);
});

it('is for admins only, and says what is wrong with a bad filter', async () => {
  expect((await h.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  const bad = await h.admin({ method: 'GET', url: '/api/v1/audit?limit=0' });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  expect((await h.admin({ method: 'GET', url: '/api/v1/audit?campaign=nope' })).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
});

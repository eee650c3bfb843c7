// The banner's demo links on a later start: unused and in an open campaign, or
// a line saying how to get new ones. (first-run.test.ts starts the real thing;
// this covers the spare codes running out and the campaign being closed.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { demoLinks, SPARE_LABEL } from '../../server/src/demo/seed.js';
import campaign2026 from '../../server/src/demo/campaign-2026.json';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  expect((await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: campaign2026 })).statusCode).toBe(201);
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/demo-city-2026/status', payload: { status: 'open' } });
});
afterAll(() => h.close());

const spareBatches = async () =>
  ((await h.admin({ method: 'GET', url: '/api/v1/campaigns/demo-city-2026/code-batches' })).json() as { id: number; label: string; voidedAt: string | null }[]).filter((b) => b.label === SPARE_LABEL);

it('makes a new spare batch when the demo’s spare codes are gone, and gives three unused links from it', async () => {
  expect(await spareBatches()).toHaveLength(0);
  const first = await demoLinks(h.ctx);
  if (!first || !('links' in first)) throw new Error(`no links: ${JSON.stringify(first)}`);
  expect(first.links).toHaveLength(3);
  const [batch] = await spareBatches();
  // The office voids the spare batch: the next start must not print its codes.
  expect((await h.admin({ method: 'POST', url: `/api/v1/campaigns/demo-city-2026/code-batches/${batch.id}/void`, payload: { reason: 'test' } })).statusCode).toBe(200);
  const next = await demoLinks(h.ctx);
  if (!next || !('links' in next)) throw new Error(`no links: ${JSON.stringify(next)}`);
  expect(await spareBatches()).toHaveLength(2);
  for (const link of next.links) {
    expect(first.links).not.toContain(link);
    expect((await h.inject({ method: 'GET', url: `/api/v1/vote/${link.split('/v/')[1]}` })).statusCode).toBe(200);
  }
});

it('says the campaign is closed instead of printing links that take no votes', async () => {
  await h.admin({ method: 'POST', url: '/api/v1/campaigns/demo-city-2026/status', payload: { status: 'closed' } });
  expect(await demoLinks(h.ctx)).toEqual({ campaign: campaign2026.name, status: 'closed' });
});

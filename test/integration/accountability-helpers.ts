// Shared set-up for the accountability tests: people with roles, and a small
// campaign whose problems and comments give tasks something to come from.
import type { InjectOptions } from 'fastify';
import { ballotFor, drained, EXAMPLE_SPEC, firstLogin, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

export function smallSpec(key: string, year: number) {
  return {
    ...EXAMPLE_SPEC,
    key,
    year,
    phases: EXAMPLE_SPEC.phases.map((p: { start: string; end: string }) => ({ ...p, start: p.start.replace('2026', String(year)), end: p.end.replace('2026', String(year)) })),
    components: EXAMPLE_SPEC.components.map((c: { key: string; name: string; weight: number }) => (c.key === 'survey' ? c : { key: c.key, name: c.name, weight: c.weight, source: 'entered' })),
    rules: { ...EXAMPLE_SPEC.rules, minValidRatings: 1 },
  };
}

/** A person with a role, logged in; returns a request function carrying its session. */
export async function person(h: Harness, username: string, role: string, scope: { units?: string[]; campaigns?: string[] } = {}) {
  const invited = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username, role, ...scope } });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const cookie = await firstLogin(h, username, invited.json().password);
  return (opts: InjectOptions) => h.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}

/**
 * A campaign where w-bdc is rated worst and "slow" is ticked for it on 3 of 4
 * ballots, one ballot carries a comment; entered scores make every unit ranked.
 */
export async function campaignWithProblems(h: Harness, key: string, year: number) {
  await openCampaign(h, smallSpec(key, year));
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 4);
  const receipts: string[] = [];
  for (const [i, code] of codes.entries()) {
    const body = ballotFor(UNITS, (u) => (UNITS[u] === 'w-bdc' ? 'dissatisfied' : u % 2 ? 'satisfied' : 'basically'), {
      problems: i < 3 ? { 'w-bdc': ['slow'] } : { 'w-bdc': ['attitude'] },
      ...(i === 0 ? { comment: '不动产登记窗口排队两个小时，希望增加窗口。' } : {}),
    });
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress: `10.8.${year % 100}.${i}` });
    receipts.push(res.json().receipt);
  }
  await drained(h);
  for (const component of ['daily', 'midyear', 'inquiry']) {
    await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/scores/${component}`, payload: { scores: UNITS.map((unit) => ({ unit, score: 85 })) } });
  }
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/recompute`, payload: {} });
  return { receipts };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export function multipart(filename: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = '----minping-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

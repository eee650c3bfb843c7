import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { exportBallotsCsv } from '../../server/src/modules/ballots/ballots.export.js';
import { ballotFor, createHarness, drained, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const COMMENT = '很好, "非常" 好\n第二行';
let h: Harness;
let key: string;

beforeAll(async () => {
  h = await createHarness();
  key = await openCampaign(h);
  const { codes } = await issueCodes(h, key, 'survey', 'citizens', 4);
  const vote = (code: string, body: object) => h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload: body, remoteAddress: '203.0.113.9' });
  const ballots = [
    ballotFor(UNITS, (i) => (i % 2 ? 'satisfied' : 'basically'), { problems: { 'w-bdc': ['slow', 'attitude'] }, comment: COMMENT }),
    ballotFor(UNITS.slice(0, 3), 'dissatisfied', { answeringMs: 2_000 }), // too fast: flagged, not counted
    ballotFor(['w-yb'], 'unknown', { comment: '  只评了一个  ' }),
  ];
  for (const [i, body] of ballots.entries()) expect((await vote(codes[i], body)).statusCode).toBe(201);
  await h.startWorker();
  await drained(h);
});
afterAll(() => h.close());

const rows = (csv: string): string[][] => parse(csv.replace(/^\ufeff/, ''), { relaxColumnCount: false });

describe('the ballots export', () => {
  it('is for admins only', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/v1/campaigns/${key}/ballots.csv` });
    expect(res.statusCode).toBe(401);
  });

  it('gives one row per ballot: metadata, one column per unit and problems, never the comment', async () => {
    const res = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/ballots.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`${key}-ballots.csv`);
    expect(res.body.startsWith('\ufeff')).toBe(true);
    const [header, ...data] = rows(res.body);
    expect(header).toEqual(['ballot_id', 'questionnaire', 'group', 'submitted_at', 'answering_seconds', 'review', 'flags', 'counted', ...UNITS, 'problems']);
    // A comment can lead to its voter (a task, a phone number left with it): it never sits beside the ratings.
    expect(res.body).not.toContain('非常');
    expect(res.body).not.toContain('只评了一个');
    expect(data).toHaveLength(3);
    const col = (name: string) => header.indexOf(name);
    const [first, fast, one] = data;

    expect(Number(first[col('ballot_id')])).toBeLessThan(Number(fast[col('ballot_id')]));
    expect(first.slice(1, 3)).toEqual(['survey', 'citizens']);
    expect(first[col('submitted_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first[col('answering_seconds')]).toBe('60');
    expect(first.slice(col('review'), col('counted') + 1)).toEqual(['none', '', 'true']);
    expect(UNITS.map((u) => first[col(u)])).toEqual(UNITS.map((_, i) => (i % 2 ? 'satisfied' : 'basically')));
    expect(first[col('problems')]).toBe('w-bdc:slow;w-bdc:attitude');

    expect(fast.slice(col('answering_seconds'), col('counted') + 1)).toEqual(['2', 'flagged', 'too-fast', 'false']);
    expect(UNITS.map((u) => fast[col(u)])).toEqual(['dissatisfied', 'dissatisfied', 'dissatisfied', '', '', '', '', '']);
    expect(fast[col('problems')]).toBe('');

    expect(UNITS.map((u) => one[col(u)])).toEqual(['', '', '', '', '', '', '', 'unknown']);
  });

  it('reads page after page by id and gives the same file', async () => {
    const whole = await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/ballots.csv` });
    const { stream } = await exportBallotsCsv(h.ctx, key, 1);
    let paged = '';
    for await (const chunk of stream) paged += chunk;
    expect(paged).toBe(whole.body);
  });

  it('answers 404 for an unknown campaign', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/v1/campaigns/no-such-campaign/ballots.csv' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
  });
});

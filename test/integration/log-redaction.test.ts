// The README promises anonymous ballots; the logs must keep that promise. A
// whole vote (the page, the questionnaire, a refused and an accepted submit,
// the receipt, a wrong code, an unexpected error) is logged at the most
// verbose level, and no line may hold the code, the receipt or the address.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode } from '@minping/shared/codes';
import { buildApp } from '../../server/src/app.js';
import { ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

const PROXY = '198.51.100.23';
const VOTER = '203.0.113.77';
let h: Harness;
let app: FastifyInstance;
let webDist: string;
const lines: string[] = [];

beforeAll(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>vote</title>');
  h = await createHarness({ LOG_LEVEL: 'trace', TRUST_PROXY: '1', WEB_DIST: webDist });
  // A second app on the same platform, logging as the shipped one does.
  app = await buildApp(h.ctx, { logStream: { write: (line) => void lines.push(line) } });
  // A route that fails with the URL in its message, as a careless error would.
  app.get('/api/v1/vote/:code/boom', async (req) => {
    throw new Error(`could not handle ${req.url} for code ${(req.params as { code: string }).code}`);
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

describe('the logs of a whole vote', () => {
  it('hold no code, receipt or client address, at trace level', async () => {
    const key = await openCampaign(h);
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 2);
    const code = codes[0];
    const send = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, payload, remoteAddress: PROXY, headers: { 'x-forwarded-for': VOTER } });

    expect((await send('GET', `/v/${code}`)).statusCode).toBe(200);
    expect((await send('GET', `/v?code=${code}`)).statusCode).toBe(200);
    expect((await send('GET', `/api/v1/vote/${code}`)).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/vote/${code}`, { ratings: 'nope' })).statusCode).toBe(400);
    const accepted = await send('POST', `/api/v1/vote/${code}`, ballotFor(UNITS, 'satisfied', { comment: '办事很快' }));
    expect(accepted.statusCode).toBe(201);
    const { receipt } = accepted.json();
    expect((await send('POST', `/api/v1/vote/${code}`, ballotFor(UNITS, 'satisfied'))).statusCode).toBe(409);
    expect((await send('GET', `/r/${receipt}`)).statusCode).toBe(200);
    expect((await send('GET', `/api/v1/receipts/${receipt}`)).statusCode).toBe(200);
    const wrong = codes[1].slice(0, -1) + (codes[1].endsWith('2') ? '3' : '2');
    expect((await send('GET', `/api/v1/vote/${wrong}`)).statusCode).toBe(400);
    const unknown = generateCode((n) => crypto.randomBytes(n));
    expect((await send('GET', `/api/v1/vote/${unknown}`)).statusCode).toBe(404);
    expect((await send('GET', `/api/v1/vote/${code}/boom`)).statusCode).toBe(500);

    const log = lines.join('');
    // Not vacuous: the requests were logged, with their (redacted) URLs and the error.
    expect(log).toContain('"url":"/api/v1/vote/…"');
    expect(log).toContain('"url":"/r/…"');
    expect(log).toContain('could not handle');
    expect(lines.length).toBeGreaterThan(20);
    // Whatever the separators or case: compare with both sides normalized.
    const squeezed = log.toUpperCase().replace(/[-\s+]/g, '');
    for (const secret of [code, receipt, codes[1], wrong, unknown]) expect(squeezed).not.toContain(secret.toUpperCase().replace(/-/g, ''));
    for (const address of [VOTER, PROXY]) expect(log).not.toContain(address);
  });
});

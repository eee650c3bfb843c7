// Per-address limits behind the shipped proxy. deploy/nginx.conf, run by a real
// nginx in front of the real api, appends the peer's address to
// X-Forwarded-For; a client writes the rest. With TRUST_PROXY=1 (docker-compose)
// the api must key its limits on the address nginx saw, so rotating a forged
// left-most entry evades nothing. Clients are told apart by their loopback
// source address (127.0.0.x), which is what nginx sees as $remote_addr.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode } from '@minping/shared/codes';
import { MAX_ATTACHMENT_BYTES } from '../../server/src/modules/attachments/attachments.service.js';
import { ADMIN_PASSWORD, ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';
import { startShippedNginx, type ShippedNginx } from './nginx.js';

const INVALID_CODE_LIMIT = 4;
const VOTE_RATE_LIMIT = 15;

let h: Harness;
let nginx: ShippedNginx;
let html: string;
let port: number;
let key: string;
let codes: string[];

interface Answer { status: number; body: string }

/** One request through nginx from a given loopback source address. */
function send(from: string, method: string, urlPath: string, opts: { xff?: string; body?: unknown; raw?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.xff) headers['x-forwarded-for'] = opts.xff;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, localAddress: from, method, path: urlPath, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** nginx's access log, read again until it holds a line matching `line` (at most 5 s). */
async function accessLogOnceItHolds(line: RegExp): Promise<string> {
  const until = Date.now() + 5_000;
  for (;;) {
    const log = fs.readFileSync(`${nginx.prefix}/access.log`, 'utf8');
    if (line.test(log) || Date.now() > until) return log;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const errorCode = (a: Answer) => (a.body.startsWith('{') ? JSON.parse(a.body).error?.code : undefined);
// A fresh forged "client address" for each request, as a rotating attacker sends.
const forged = (i: number) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;

beforeAll(async () => {
  h = await createHarness({ TRUST_PROXY: '1', INVALID_CODE_LIMIT: String(INVALID_CODE_LIMIT), VOTE_RATE_LIMIT: String(VOTE_RATE_LIMIT) });
  key = await openCampaign(h);
  ({ codes } = await issueCodes(h, key, 'survey', 'citizens', 4));
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  html = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-html-'));
  fs.writeFileSync(`${html}/index.html`, '<!doctype html><title>vote</title>');
  nginx = await startShippedNginx({ apiPort: (h.app.server.address() as net.AddressInfo).port, root: html });
  port = nginx.port;
});

afterAll(async () => {
  await nginx?.stop();
  await h?.close();
  if (html) fs.rmSync(html, { recursive: true, force: true });
});

describe('behind the shipped nginx, rotating a forged X-Forwarded-For', () => {
  it('does not evade the unknown-code lockout, which stays on the attacker and off other clients', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < INVALID_CODE_LIMIT + 4; i++) {
      const a = await send('127.0.0.2', 'GET', `/api/v1/vote/${generateCode((n) => crypto.randomBytes(n))}`, { xff: forged(i) });
      statuses.push(`${a.status} ${errorCode(a)}`);
    }
    expect(statuses).toEqual([...Array(INVALID_CODE_LIMIT).fill('404 CODE_UNKNOWN'), ...Array(4).fill('429 SOURCE_LOCKED')]);
    // Another client (even one claiming the attacker's forged entries) votes on.
    const other = await send('127.0.0.3', 'GET', `/api/v1/vote/${codes[0]}`, { xff: forged(0) });
    expect(other.status).toBe(200);
  });

  it('does not evade the login limit, which leaves other clients free to log in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await send('127.0.0.4', 'POST', '/api/v1/auth/login', { xff: forged(i), body: { username: `guess${i}`, password: 'wrong-password-123' } })).status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    const admin = await send('127.0.0.5', 'POST', '/api/v1/auth/login', { xff: forged(0), body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(admin.status).toBe(200);
  });

  it('does not evade the vote rate limit', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < VOTE_RATE_LIMIT + 5; i++) {
      const a = await send('127.0.0.6', 'GET', `/api/v1/vote/${codes[1]}`, { xff: forged(i) });
      statuses.push(a.status === 200 ? '200' : `${a.status} ${errorCode(a)}`);
    }
    expect(statuses).toEqual([...Array(VOTE_RATE_LIMIT).fill('200'), ...Array(5).fill('429 RATE_LIMITED')]);
  });

  it('stores the address nginx saw with the ballot (what the burst fraud rule counts), not the forged one', async () => {
    const a = await send('127.0.0.7', 'POST', `/api/v1/vote/${codes[2]}`, { xff: forged(7), body: ballotFor(['w-gs'], 'satisfied') });
    expect(a.status).toBe(201);
    const [row] = await h.ctx.database.query<{ campaign_id: number; address_hash: Buffer }>(
      `select b.campaign_id, b.address_hash from ballots b join campaigns c on c.id = b.campaign_id where c.key = $1`,
      [key],
    );
    expect(row.address_hash.equals(h.ctx.secrets.hashAddress(Number(row.campaign_id), '127.0.0.7'))).toBe(true);
  });

  it("keeps codes and addresses out of nginx's own access log", async () => {
    expect((await send('127.0.0.8', 'GET', `/V/${codes[3]}?code=${codes[3]}`)).status).toBe(200);
    expect((await send('127.0.0.8', 'GET', `/r/${codes[3].slice(0, 11)}`)).status).toBe(200);
    // nginx writes a request's log line in its log phase, after the answer has
    // gone out: the client can hold the whole answer before the line is written.
    const log = await accessLogOnceItHolds(/ GET \/r\/- 200 /);
    expect(log).toMatch(/ GET \/api\/v1\/vote\/- 429 /);
    expect(log).toMatch(/ GET \/V\/- 200 /);
    expect(log).toMatch(/ GET \/r\/- 200 /);
    for (const code of codes) expect(log).not.toContain(code.slice(0, 9));
    expect(log).not.toMatch(/127\.0\.0\.|198\.18\./);
  });
});

describe('the shipped nginx', () => {
  it('lets through an upload of the documented 10 MB', async () => {
    const boundary = 'minping-boundary';
    const file = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20);
    file.write('%PDF-1.4\n');
    const raw = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="report.pdf"\r\ncontent-type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await send('127.0.0.9', 'POST', '/api/v1/attachments', {
      raw,
      headers: { cookie: h.adminCookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status, res.body.slice(0, 200)).toBe(201);
    expect(JSON.parse(res.body).size).toBe(MAX_ATTACHMENT_BYTES);
  });
});

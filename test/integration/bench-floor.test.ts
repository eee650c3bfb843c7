// The benchmark's floor (scripts/bench/floor-server.ts) is only a floor if it
// does the project's job: each ballot stored once, with its code used, by the
// project's own statement, and answered after the commit. The bench checks
// that on every run too (floor_ballots_stored_once); this holds it in CI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCode } from '@minping/shared/codes';
import { startBare, type Bare } from '../../scripts/bench/floor.js';
import { ballotFor, createHarness, issueCodes, openCampaign, type Harness } from './harness.js';
import { UNITS } from '../fixtures/units.js';

let h: Harness;
let codes: string[];
let campaignId: number;
const servers: Bare[] = [];

beforeAll(async () => {
  h = await createHarness();
  const key = await openCampaign(h);
  ({ codes } = await issueCodes(h, key, 'survey', 'citizens', 8));
  [{ id: campaignId }] = await h.ctx.database.query<{ id: number }>(`select id::int as id from campaigns where key = $1`, [key]);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await h.close();
});

const start = async (mode: 'ceiling' | 'floor' | 'floor-read') => {
  const s = await startBare({ name: 'test', mode, databaseUrl: h.databaseUrl, appSecret: h.config.appSecret!, campaignId });
  servers.push(s);
  return s;
};
const post = (s: Bare, code: string, body: unknown = ballotFor(UNITS, 'satisfied', { comment: '很好' })) =>
  fetch(`http://127.0.0.1:${s.port}/api/v1/vote/${code}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } });

describe('the bench floor server', () => {
  it('stores each ballot once, with its code used, and answers 201 with the receipt after the commit', async () => {
    for (const mode of ['floor', 'floor-read'] as const) {
      const s = await start(mode);
      const mine = mode === 'floor' ? codes.slice(0, 3) : codes.slice(3, 6);
      const answers = await Promise.all(mine.map((c) => post(s, c)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      const receipts = await Promise.all(answers.map(async (a) => (await a.json()).receipt as string));
      for (const [i, receipt] of receipts.entries()) {
        const [row] = await h.ctx.database.query<{ code: string; used: boolean; comment: string }>(
          `select c.used_at is not null as used, b.comment, encode(c.hash, 'hex') as code from ballots b join codes c on c.id = b.code_id where b.receipt_hash = $1`,
          [h.ctx.secrets.hashReceipt(normalizeCode(receipt))],
        );
        expect(row).toMatchObject({ used: true, comment: '很好', code: h.ctx.secrets.hashCode(normalizeCode(mine[i])).toString('hex') });
      }
      // The code is spent: a second ballot is refused, and stores nothing.
      expect((await post(s, mine[0])).status).toBe(409);
      expect(await s.stats()).toMatchObject({ stored: 3 });
    }
    const [n] = await h.ctx.database.query<{ n: number; codes: number }>(`select count(*)::int as n, count(distinct code_id)::int as codes from ballots`);
    expect(n).toEqual({ n: 6, codes: 6 });
  });

  it('refuses a code it does not know', async () => {
    const s = await start('floor');
    expect((await post(s, 'ABCD-EFGH-JKLM')).status).toBe(404);
  });

  it('as the floor of a rankings read, answers the bytes it was given, with their encoding and ETag, and 304 for that ETag', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const zlib = await import('node:zlib');
    const body = zlib.brotliCompressSync(Buffer.from(JSON.stringify({ rankings: [1, 2, 3] })));
    const file = path.join(os.tmpdir(), `minping-floor-static-${process.pid}`);
    fs.writeFileSync(file, body);
    const s = await startBare({ name: 'test', mode: 'static', databaseUrl: '', appSecret: h.config.appSecret!, staticAnswer: { file, encoding: 'br', etag: '"v1-br"' } });
    servers.push(s);
    const res = await fetch(`http://127.0.0.1:${s.port}/api/v1/campaigns/x/results`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v1-br"');
    expect(await res.json()).toEqual({ rankings: [1, 2, 3] });
    expect((await fetch(`http://127.0.0.1:${s.port}/api/v1/campaigns/x/results`, { headers: { 'if-none-match': '"v1-br"' } })).status).toBe(304);
    fs.rmSync(file);
  });

  it('as the ceiling, answers 201 with an empty body and touches nothing', async () => {
    const s = await start('ceiling');
    const res = await post(s, codes[7]);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    const [n] = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from ballots b join codes c on c.id = b.code_id where c.hash = $1`, [h.ctx.secrets.hashCode(normalizeCode(codes[7]))]);
    expect(n.n).toBe(0);
  });
});

// The floor of this machine for the submit path (issue 11): the least a
// server can do to store a ballot as the project does, so the project's
// ballots/s can be told as a share of it. Bundled and run by floor.ts as its
// own `node` process, like the api. No framework, no validation, no Redis,
// no worker hand-off, no metrics, no log line:
//   FLOOR_MODE=ceiling  answers every request 201 with an empty body (what the load client alone can do);
//   FLOOR_MODE=floor    reads the JSON body, hashes the code with the project's keyed hash, and stores the
//                       ballot with the project's own claim-and-insert statement (voteRepo.claimAndInsert,
//                       imported, so it cannot drift), grouped by the project's groupCommit (one group in
//                       flight, at most 512), and answers 201 with the receipt after the COMMIT. The codes'
//                       ids are read once at start (an in-memory index), so each group is one statement;
//   FLOOR_MODE=floor-read  the same, but each group first reads its codes' states with voteRepo.codeStates,
//                       as the project's committer did until issue 11's last round: two round trips per group.
//   FLOOR_MODE=floor-by-hash  the same as floor, but each group is stored with voteRepo.claimByHash, which
//                       finds the codes by hash and checks the campaign's version and the questionnaire, as
//                       the project's committer now does for fresh codes: one round trip, no index of ids.
//   FLOOR_MODE=static   the floor of a rankings read: answers every GET with the bytes of FLOOR_STATIC_FILE
//                       (the api's encoded answer), its encoding and ETag, or 304 when If-None-Match names it.
// GET /readyz answers 200 once ready; GET /stats gives the groups stored.
import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { formatCode, generateReceipt, normalizeCode } from '@minping/shared/codes';
import { createSecrets } from '../../server/src/lib/secrets.js';
import { groupCommit } from '../../server/src/modules/vote/group-commit.js';
import { voteRepo, type NewBallot } from '../../server/src/modules/vote/vote.repo.js';
import type { Queryable } from '../../server/src/infra/db.js';

const mode = process.env.FLOOR_MODE ?? 'floor';
const port = Number(process.env.PORT);
const secrets = createSecrets(process.env.APP_SECRET!);

interface Code {
  code_id: number;
  batch_id: number;
  campaign_id: number;
  questionnaire_key: string;
  group_key: string;
}
interface Waiting {
  codeHash: Buffer;
  body: { ratings: Record<string, string>; problems?: Record<string, string[]>; comment?: string; answeringMs: number; deviceId?: string };
  address: string;
  idempotencyKey?: string;
  res: http.ServerResponse;
}

const pool = mode === 'ceiling' || mode === 'static' ? null : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const db = { query: async (text: string, params?: unknown[]) => (await pool!.query(text, params)).rows } as unknown as Queryable;
const index = new Map<string, Code>();
/** Groups and ballots so far, and the milliseconds spent waiting for the database's answers (the read and the statement). */
const stats = { groups: 0, ballots: 0, stored: 0, dbMs: 0 };

function answer(res: http.ServerResponse, status: number, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * One group: (its codes' states, when asked), one claim-and-insert statement,
 * then every answer, returned to groupCommit to run once the next group is on
 * its way, as the project's committer does.
 */
async function store(group: Waiting[]): Promise<(() => void) | void> {
  stats.groups++;
  stats.ballots += group.length;
  try {
    let codes: (Code | undefined)[];
    const t0 = performance.now();
    if (mode === 'floor-read') {
      const states = new Map((await voteRepo.codeStates(db, group.map((w) => w.codeHash))).map((s) => [s.hash, s]));
      // Used, voided or closed: the statement leaves it out (409), as it rechecks all three under the lock.
      codes = group.map((w) => states.get(w.codeHash.toString('hex')));
    } else codes = group.map((w) => index.get(w.codeHash.toString('hex')));
    const rows: NewBallot[] = [];
    const owners: Waiting[] = [];
    const receipts: string[] = [];
    group.forEach((w, i) => {
      const c = codes[i];
      if (!c) return answer(w.res, 404);
      const receipt = generateReceipt(crypto.randomBytes);
      rows.push({
        campaignId: c.campaign_id,
        batchId: c.batch_id,
        codeId: c.code_id,
        questionnaireKey: c.questionnaire_key,
        groupKey: c.group_key,
        receiptHash: secrets.hashReceipt(receipt),
        ratings: w.body.ratings,
        problems: w.body.problems ?? {},
        comment: w.body.comment ?? null,
        answeringMs: w.body.answeringMs,
        deviceHash: w.body.deviceId ? secrets.hashDevice(c.campaign_id, w.body.deviceId) : null,
        addressHash: secrets.hashAddress(c.campaign_id, w.address),
        idempotencyHash: w.idempotencyKey ? secrets.hashIdempotencyKey(w.codeHash, w.idempotencyKey) : null,
        receiptSealed: secrets.seal(receipt),
      });
      owners.push(w);
      receipts.push(receipt);
    });
    if (!rows.length) return;
    const t1 = performance.now();
    if (mode === 'floor-by-hash') {
      const byHash = rows.map((r, i) => ({ ...r, codeHash: owners[i].codeHash, campaignVersion: campaign!.version, questionnaireKeys: campaign!.questionnaires }));
      const stored = new Map((await voteRepo.claimByHash(db, byHash)).map((r) => [r.hash, r]));
      stats.dbMs += performance.now() - t1;
      stats.stored += stored.size;
      return () =>
        owners.forEach((w, i) => {
          const b = stored.get(w.codeHash.toString('hex'));
          if (b) answer(w.res, 201, { status: 'accepted', receipt: formatCode(receipts[i]), submittedAt: b.submitted_at.toISOString() });
          else answer(w.res, 409);
        });
    }
    const inserted = new Map((await voteRepo.claimAndInsert(db, rows)).map((r) => [Number(r.code_id), r]));
    stats.dbMs += performance.now() - t1 + (mode === 'floor-read' ? t1 - t0 : 0);
    stats.stored += inserted.size;
    return () =>
      rows.forEach((r, i) => {
        const b = inserted.get(r.codeId);
        if (b) answer(owners[i].res, 201, { status: 'accepted', receipt: formatCode(receipts[i]), submittedAt: b.submitted_at.toISOString() });
        else answer(owners[i].res, 409);
      });
  } catch (err) {
    process.stderr.write(`group failed: ${String(err)}\n`);
    for (const w of group) if (!w.res.headersSent) answer(w.res, 503);
  }
}

const groups = groupCommit<Waiting>(store, { maxGroup: 512, maxInFlight: 1 });

const statics =
  mode === 'static'
    ? { body: (await import('node:fs')).readFileSync(process.env.FLOOR_STATIC_FILE!), encoding: process.env.FLOOR_STATIC_ENCODING ?? 'identity', etag: process.env.FLOOR_STATIC_ETAG ?? '"x"' }
    : null;

const server = http.createServer((req, res) => {
  if (statics && req.url !== '/readyz') {
    req.resume();
    if (req.headers['if-none-match'] === statics.etag) {
      res.writeHead(304, { etag: statics.etag });
      return res.end();
    }
    const head: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': statics.body.length, etag: statics.etag };
    if (statics.encoding !== 'identity') head['content-encoding'] = statics.encoding;
    res.writeHead(200, head);
    return res.end(statics.body);
  }
  if (req.method === 'GET') {
    req.resume();
    return answer(res, 200, req.url === '/stats' ? stats : { status: 'ok' });
  }
  if (mode === 'ceiling') {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-length': 0 });
      res.end();
    });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: Waiting['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400);
    }
    const code = decodeURIComponent(req.url!.slice(req.url!.lastIndexOf('/') + 1));
    const key = req.headers['idempotency-key'];
    groups.push({ codeHash: secrets.hashCode(normalizeCode(code)), body, address: req.socket.remoteAddress ?? '', idempotencyKey: typeof key === 'string' ? key : undefined, res });
  });
});

/** For floor-by-hash: the campaign's version and questionnaires, read once, as the committer keeps them. */
let campaign: { version: string; questionnaires: string[] } | undefined;
if (mode === 'floor-by-hash') {
  const [row] = await db.query<{ version: string; keys: string[] }>(
    `select updated_at::text as version, array(select q->>'key' from jsonb_array_elements(spec->'questionnaires') q) as keys from campaigns where id = $1`,
    [Number(process.env.FLOOR_CAMPAIGN_ID)],
  );
  campaign = { version: row.version, questionnaires: row.keys };
}
if (mode === 'floor' || mode === 'floor-by-hash') {
  // Every code of the campaign given, by its keyed hash: what the project reads per group
  // (floor-by-hash takes only the campaign and batch from it, for the keyed hashes; its statement finds the code).
  const rows = await db.query<Code & { hash: string }>(
    `select encode(c.hash, 'hex') as hash, c.id::int as code_id, b.id as batch_id, b.campaign_id, b.questionnaire_key, b.group_key
       from codes c join code_batches b on b.id = c.batch_id where b.campaign_id = $1`,
    [Number(process.env.FLOOR_CAMPAIGN_ID)],
  );
  for (const r of rows) index.set(r.hash, r);
}
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Every operation of the OpenAPI document, sent hostile input: wrong types,
// huge strings, deep JSON, NUL, unpaired surrogates, bad UTF-8 and bad
// percent-encoding in path and query, wrong content types, broken multipart —
// signed in as admin and not signed in. Whatever the route, the answer is
// never a 5xx, a refusal is always the error envelope, and a refused request
// writes no row. Path parameters are real ids and keys (so handlers past
// validation are reached) as well as hostile values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { ERROR_CODES, errorResponseSchema } from '@minping/shared/errors';
import { ADMIN_PASSWORD, createHarness, EXAMPLE_SPEC, issueCodes, openCampaign, type Harness } from './harness.js';
import { multipart, PDF } from './accountability-helpers.js';
import { dbUrl } from './env.js';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
};
type Operation = { method: string; path: string; params: { in: string; name: string; schema?: Schema }[]; body?: Schema; bodyTypes: string[] };
type Variant = { what: string; url: string; payload?: string | Buffer; contentType?: string };

const KEY = 'fuzz-2026';
const UNIT = 'w-gs';
const DAY = '2026-03-02';

const NUL = '\u0000';
const LONE = '\ud800x';
const HUGE = 'x'.repeat(200_000);
/** Raw URL pieces: encoded NUL, a CESU-8 lone surrogate, bad percent-encoding, bytes that are not UTF-8, too long, not a number. */
const HOSTILE_PATH_VALUES = ['%00', '%ED%A0%80', '%E0%A4%A', '%FF%FE', 'x'.repeat(5000), '-1', '99999999999999999999', '1.5'];
const HOSTILE_QUERY_VALUES = ['%00', '%ED%A0%80', '%E0%A4%A', 'x'.repeat(10_000), 'abc', '-1'];

describe('every operation under hostile input', () => {
  let h: Harness;
  let adminCookie: string;
  const fixtures: Record<string, string> = {};
  let watcher: pg.Client | undefined;
  /** SQL as the database owner when the database is a PostgreSQL server; on an embedded one, through the app's handle. */
  async function owner<T>(sql: string): Promise<T[]> {
    if (watcher) return (await watcher.query(sql)).rows as T[];
    return h.ctx.database.query<T & object>(sql) as Promise<T[]>;
  }
  let n = 0;

  /** How many rows have been added or removed in the whole database so far, and in which tables. */
  async function written(): Promise<{ n: number; tables: string }> {
    const [row] = await owner<{ n: number; tables: string }>(`select n, tables from fuzz_writes`);
    return row;
  }

  beforeAll(async () => {
    h = await createHarness();
    adminCookie = h.adminCookie;
    // A row trigger on every table counts inserts and deletes, in the writing
    // transaction (so a rolled-back write counts nothing). Installed as the
    // database owner, whatever role the app itself connects as. login_throttle
    // is left out: a refused login is counted there on purpose (per-account lockout).
    if (h.databaseUrl.startsWith('postgres')) {
      watcher = new pg.Client({ connectionString: dbUrl(h.dbName) });
      await watcher.connect();
    }
    for (const sql of [
      `create table fuzz_writes (n bigint not null, tables text not null)`,
      `insert into fuzz_writes values (0, '')`,
      `create function fuzz_count() returns trigger language plpgsql security definer set search_path = public as $$
       begin
         update fuzz_writes set n = n + 1, tables = case when position(TG_TABLE_NAME in tables) > 0 then tables else tables || ' ' || TG_TABLE_NAME end;
         return null;
       end $$`,
      `do $$ declare t text; begin
         for t in select tablename from pg_tables where schemaname = 'public' and tablename not in ('fuzz_writes', 'login_throttle') loop
           execute format('create trigger fuzz_count after insert or delete on %I for each row execute function fuzz_count()', t);
         end loop;
       end $$`,
    ]) await owner(sql);

    // Real things for the path parameters to point at.
    await openCampaign(h, { ...EXAMPLE_SPEC, key: KEY });
    const { batchId, codes } = await issueCodes(h, KEY, 'survey', 'citizens', 4);
    const units = EXAMPLE_SPEC.units.map((u: { key: string }) => u.key);
    const vote = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: { ratings: Object.fromEntries(units.map((u: string) => [u, 'satisfied'])), answeringMs: 60_000, comment: '窗口排队太久' } });
    expect(vote.statusCode, vote.body).toBe(201);
    const user = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'fuzz-liaison', role: 'liaison', units: [UNIT] } });
    expect(user.statusCode, user.body).toBe(201);
    const token = await h.admin({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'fuzz' } });
    expect(token.statusCode, token.body).toBe(201);
    const task = await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: KEY, unit: UNIT, title: '整改', description: '窗口排队' } });
    expect(task.statusCode, task.body).toBe(201);
    const upload = multipart('proof.pdf', PDF, 'application/pdf');
    const attachment = await h.admin({ method: 'POST', url: '/api/v1/attachments', ...upload });
    expect(attachment.statusCode, attachment.body).toBe(201);
    const inspection = await h.admin({ method: 'POST', url: '/api/v1/inspections', payload: { campaign: KEY, unit: UNIT, visitedOn: DAY, kind: 'open', findings: [{ description: '无人值守' }] } });
    expect(inspection.statusCode, inspection.body).toBe(201);
    // A draft editing the campaign (which has a ballot, so most of its file is locked).
    const draft = await h.admin({ method: 'POST', url: '/api/v1/campaign-drafts', payload: { from: 'campaign', campaign: KEY } });
    expect(draft.statusCode, draft.body).toBe(201);
    Object.assign(fixtures, {
      'campaign-drafts': String(draft.json().id),
      key: KEY,
      code: codes[1],
      spareCode: codes[2],
      receipt: vote.json().receipt,
      component: 'daily',
      unit: UNIT,
      series: String(EXAMPLE_SPEC.series),
      finding: String(inspection.json().findings[0].id),
      'code-batches': String(batchId),
      tokens: String(token.json().id),
      users: String(user.json().id),
      tasks: String(task.json().id),
      attachments: String(attachment.json().id),
      inspections: String(inspection.json().id),
    });
  });

  afterAll(async () => {
    await watcher?.end();
    await h?.close();
  });

  /** A value that passes the schema as far as a simple reading of it allows, so mutations reach deeper checks. */
  function sample(s: Schema | undefined, name = ''): unknown {
    if (!s) return 'x';
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const alt = s.anyOf ?? s.oneOf;
    if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], name);
    if (s.allOf) return sample(s.allOf[0], name);
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, k);
        return out;
      }
      case 'array':
        return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, name));
      case 'integer':
      case 'number':
        return Math.max(1, Math.ceil(s.minimum ?? s.exclusiveMinimum ?? 1));
      case 'boolean':
        return true;
      default: {
        const candidates = [fixtures[name] ?? 'x', KEY, UNIT, DAY, '+86 138 0000 0000', 'x'.repeat(Math.max(1, s.minLength ?? 1))];
        if (s.pattern) return candidates.find((c) => new RegExp(s.pattern!, 'u').test(c)) ?? 'x';
        return candidates.find((c) => c.length >= (s.minLength ?? 0)) ?? 'x';
      }
    }
  }

  /** Every path to a string inside a sampled value. */
  function stringPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (typeof v === 'string') return [at];
    if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
    return [];
  }

  function setAt(v: unknown, at: (string | number)[], value: unknown): unknown {
    if (!at.length) return value;
    const copy = structuredClone(v) as Record<string | number, unknown>;
    let cur = copy;
    for (const k of at.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    cur[at[at.length - 1]] = value;
    return copy;
  }

  /** Well-formed bodies for the operations whose schema alone does not say enough, so mutations reach the handler. */
  function seeds(): Record<string, unknown> {
    const units = EXAMPLE_SPEC.units.map((u: { key: string }) => u.key);
    const spec = { ...EXAMPLE_SPEC, key: 'fuzz-import-2026' };
    return {
      'POST /api/v1/vote/{code}': { ratings: Object.fromEntries(units.map((u: string) => [u, 'satisfied'])), answeringMs: 60_000, comment: '服务很好' },
      'POST /api/v1/campaigns/import': spec,
      'POST /api/v1/campaigns/validate': spec,
      'PUT /api/v1/campaign-drafts/{id}': { file: { ...EXAMPLE_SPEC, key: KEY }, revision: 0 },
      'POST /api/v1/campaigns/{key}/code-batches': { questionnaire: 'survey', group: 'citizens', size: 2, label: 'fuzz' },
      'POST /api/v1/campaigns/{key}/codes/void': { code: fixtures.spareCode, reason: 'lost' },
      'POST /api/v1/users': { username: 'fuzz-user', role: 'liaison', units: [UNIT] },
      'POST /api/v1/tasks': { campaign: KEY, unit: UNIT, title: '整改', description: '窗口排队' },
      'POST /api/v1/inspections': { campaign: KEY, unit: UNIT, visitedOn: DAY, kind: 'open', place: '窗口', summary: 's', findings: [{ description: 'd' }] },
      'PUT /api/v1/campaigns/{key}/scores/{component}': { scores: [{ unit: UNIT, score: 80, note: 'n' }] },
    };
  }

  function fillPath(op: Operation, overrides: Record<string, string> = {}): string {
    return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (name in overrides) return overrides[name];
      if (name === 'id') {
        const resource = op.path.split('/').find((seg, i, segs) => segs[i + 1] === '{id}')!;
        return fixtures[resource] ?? '1';
      }
      return encodeURIComponent(fixtures[name] ?? 'x');
    });
  }

  function variantsOf(op: Operation): Variant[] {
    const url = fillPath(op);
    const out: Variant[] = [];
    const queryParams = op.params.filter((p) => p.in === 'query');
    const baseQuery = queryParams.map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`);
    const withQuery = (u: string, q: string[]) => (q.length ? `${u}?${q.join('&')}` : u);
    const valid = withQuery(url, baseQuery);

    // Path parameters: each in turn hostile, the others real.
    for (const p of op.params.filter((x) => x.in === 'path')) {
      for (const v of HOSTILE_PATH_VALUES) out.push({ what: `path ${p.name}=${v.slice(0, 20)}`, url: withQuery(fillPath(op, { [p.name]: v }), baseQuery) });
    }
    // Query: each declared parameter hostile, repeated, plus undeclared ones.
    for (const p of queryParams) {
      const others = baseQuery.filter((q) => !q.startsWith(`${p.name}=`));
      for (const v of HOSTILE_QUERY_VALUES) out.push({ what: `query ${p.name}=${v.slice(0, 20)}`, url: withQuery(url, [...others, `${p.name}=${v}`]) });
      out.push({ what: `query ${p.name} twice`, url: withQuery(url, [...others, `${p.name}=1`, `${p.name}=2`]) });
    }
    for (const q of ['zz=%00', `%ED%A0%80=${LONE}`]) out.push({ what: `query ${q}`, url: withQuery(url, [...baseQuery, q]) });

    if (op.method === 'GET') return out;

    // Bodies: the sample with each string made hostile, each field of the wrong type, then hostile wholes.
    const json = (what: string, body: unknown) => out.push({ what, url: valid, payload: JSON.stringify(body), contentType: 'application/json' });
    const base = seeds()[`${op.method} ${op.path}`] ?? (op.body ? sample(op.body) : {});
    for (const [i, at] of stringPaths(base).slice(0, 12).entries()) {
      json(`${at.join('.')}=NUL`, setAt(base, at, `a${NUL}b`));
      json(`${at.join('.')}=lone surrogate`, setAt(base, at, LONE));
      if (i < 4) json(`${at.join('.')}=huge`, setAt(base, at, HUGE));
    }
    if (base && typeof base === 'object' && !Array.isArray(base)) {
      // Each field of the wrong type: an object, and a number or a string (whichever it is not).
      for (const k of Object.keys(base).slice(0, 12)) {
        const v = (base as Record<string, unknown>)[k];
        for (const wrong of [{}, typeof v === 'string' ? -1 : 'x']) json(`${k}=${JSON.stringify(wrong)}`, { ...base, [k]: wrong });
      }
      json('every field null', Object.fromEntries(Object.keys(base).map((k) => [k, null])));
      json('NUL key', { ...base, [`k${NUL}`]: 1 });
      json('lone surrogate key', { ...base, [LONE]: 1 });
      json('__proto__', JSON.parse(`{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}`));
    }
    for (const whole of [[], 'x', 0, null, true, [base]]) json(`body ${JSON.stringify(whole)?.slice(0, 20)}`, whole);
    // The well-formed body last: it may use up what the others need (a code, a name).
    json('sample body', base);
    const raw = (what: string, payload: string | Buffer, contentType: string) => out.push({ what, url: valid, payload, contentType });
    raw('deep arrays', '['.repeat(10_000) + ']'.repeat(10_000), 'application/json');
    raw('deep objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), 'application/json');
    raw('cut JSON', '{"a":', 'application/json');
    raw('empty JSON', '', 'application/json');
    raw('bad UTF-8 in JSON', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0xc0, 0xaf]), Buffer.from('"}')]), 'application/json');
    raw('JSON as latin1', JSON.stringify(base), 'application/json; charset=latin1');
    raw('text/plain', `hello${NUL}`, 'text/plain');
    raw('text/csv', `unit,score\n${UNIT},${NUL}\n${LONE},1\n`, 'text/csv');
    raw('csv bad UTF-8', Buffer.concat([Buffer.from('unit,score\n'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from(',1\n')]), 'text/csv');
    raw('form', 'a=%00&b=%ED%A0%80', 'application/x-www-form-urlencoded');
    raw('xml', '<a>\u0000</a>', 'application/xml');
    raw('cut multipart', '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4', 'multipart/form-data; boundary=zz');
    // The rest of the multipart cases only for the operation that takes files; elsewhere they are all one 415.
    if (!op.path.endsWith('/attachments') && !op.bodyTypes.some((t) => t.startsWith('multipart/'))) return out;
    raw('no boundary', '--x\r\n', 'multipart/form-data');
    raw('garbage multipart', 'this is not multipart at all', 'multipart/form-data; boundary=zz');
    raw('bad part header', '--zz\r\nContent-Disposition\r\n\r\nx\r\n--zz--\r\n', 'multipart/form-data; boundary=zz');
    raw('multipart field', '--zz\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\u0000\r\n--zz--\r\n', 'multipart/form-data; boundary=zz');
    for (const [what, filename] of [['NUL file name', `a${NUL}.pdf`], ['lone surrogate file name', `a${LONE}.pdf`], ['huge file name', `${'x'.repeat(50_000)}.pdf`]]) {
      const m = multipart(filename, PDF, 'application/pdf');
      raw(what, m.payload, m.headers['content-type']);
    }
    const cesu = Buffer.concat([Buffer.from('--zz\r\nContent-Disposition: form-data; name="file"; filename="a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('.pdf"\r\n\r\n%PDF-1.4\r\n--zz--\r\n')]);
    raw('CESU file name', cesu, 'multipart/form-data; boundary=zz');
    return out;
  }

  async function send(op: Operation, v: Variant, signedIn: boolean): Promise<LightMyRequestResponse> {
    n++;
    const headers: Record<string, string> = {};
    if (signedIn) headers.cookie = adminCookie;
    if (v.contentType) headers['content-type'] = v.contentType;
    const opts: InjectOptions = {
      method: op.method as InjectOptions['method'],
      url: v.url,
      headers,
      // A new address per request: the fuzz must reach handlers, not the per-address limits.
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      ...(v.payload !== undefined ? { payload: v.payload } : {}),
    };
    return h.app.inject(opts);
  }

  function breach(res: LightMyRequestResponse): string | null {
    if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
    if (res.statusCode < 400) return null;
    if (!String(res.headers['content-type']).startsWith('application/json')) return `non-JSON ${res.statusCode}: ${res.body.slice(0, 200)}`;
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return `unparseable ${res.statusCode}: ${res.body.slice(0, 200)}`;
    }
    const parsed = errorResponseSchema.safeParse(body);
    if (!parsed.success) return `not the envelope ${res.statusCode}: ${res.body.slice(0, 200)}`;
    if (!(ERROR_CODES as readonly string[]).includes(parsed.data.error.code)) return `unknown code ${parsed.data.error.code}`;
    if (parsed.data.requestId !== res.headers['x-request-id']) return 'requestId differs from x-request-id';
    return null;
  }

  it('never answers 5xx or outside the envelope, and a refused request writes no row', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }>> };
    const ops: Operation[] = [];
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(byMethod)) {
        const content = op.requestBody?.content ?? {};
        ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: Object.values(content)[0]?.schema, bodyTypes: Object.keys(content) });
      }
    }
    expect(ops.length).toBeGreaterThan(60);
    // Routes the document hides: metrics, the queue board, the pages' fallback.
    for (const path of ['/metrics', '/admin/queues', '/v/{code}', '/r/{receipt}']) ops.push({ method: 'GET', path, params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ in: 'path', name: m[1] })), bodyTypes: [] });
    // Signing out and changing passwords go last: they end the admin session the others use.
    const last = (op: Operation) => (/logout|password/.test(op.path) ? 1 : 0);
    ops.sort((a, b) => last(a) - last(b));

    const problems: string[] = [];
    await owner(`update fuzz_writes set tables = ''`);
    let before = await written();
    let sent = 0;
    for (const op of ops) {
      const variants = variantsOf(op);
      // An operation that turns away an anonymous caller does so before it reads
      // the body (the auth guard runs on request), so not signed in it gets every
      // fourth variant; an open one (voting, receipts, public pages) gets them all.
      const probe = await send(op, variants[variants.length - 1], false);
      const guarded = probe.statusCode === 401;
      const probeBreach = breach(probe);
      if (probeBreach) problems.push(`${op.method} ${op.path} [anonymous probe]: ${probeBreach}`);
      if (probe.statusCode < 400) before = await written();
      for (const signedIn of [false, true]) {
        for (const v of signedIn || !guarded ? variants : variants.filter((_v, i) => i % 4 === 0)) {
          const res = await send(op, v, signedIn);
          sent++;
          const label = `${op.method} ${op.path} [${signedIn ? 'admin' : 'anonymous'}] ${v.what}`;
          const bad = breach(res);
          if (bad) problems.push(`${label}: ${bad}`);
          const after = await written();
          if (res.statusCode >= 400 && after.n !== before.n) problems.push(`${label}: refused with ${res.statusCode} but wrote rows (${after.n - before.n}) in:${after.tables}`);
          if (after.n !== before.n) await owner(`update fuzz_writes set tables = ''`);
          before = { n: after.n, tables: '' };
        }
        if (signedIn) {
          // Keep the admin signed in for the next operation whatever this one did.
          const me = await h.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: adminCookie } });
          if (me.statusCode === 401) {
            const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, remoteAddress: '10.255.0.1' });
            adminCookie = String(login.headers['set-cookie']).split(';')[0];
            await owner(`update fuzz_writes set tables = ''`);
            before = await written();
          }
        }
      }
    }
    // Malformed URLs that reach no route at all, and the SPA fallback.
    for (const url of ['/%', '/%E0%A4%A', '/api/v1/%FF', '/api/v1/vote/%ED%A0%80', '/v/%C0%AF', '/api/v1/audit?action=%E0%A4%A', `/api/v1/${'x'.repeat(10_000)}`]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await h.app.inject({ method, url, headers: { cookie: adminCookie } });
        sent++;
        const bad = breach(res);
        if (bad) problems.push(`${method} ${url.slice(0, 40)}: ${bad}`);
      }
    }
    console.log(`fuzz: ${ops.length} operations, ${sent} requests`);
    expect(problems.slice(0, 200).join('\n')).toBe('');
  }, 600_000);
});

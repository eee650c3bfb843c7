// The OpenAPI document is the contract clients are written against: every
// operation says what it is (a summary), what it takes (path, query and body
// schemas), what it answers on success, and how it refuses (the one error
// envelope, its code one of ERROR_CODES). A route declared without any of it
// fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@minping/shared/errors';
import { API_ROUTES } from '@minping/shared/contracts/routes';
import { INT4_MAX } from '@minping/shared/contracts/integers';
import { createHarness, type Harness } from './harness.js';

type Content = Record<string, { schema?: Record<string, unknown> }>;
type Operation = {
  summary?: string;
  parameters?: { in: string; name: string; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
  security?: unknown[];
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, { properties?: Record<string, { enum?: string[] }> }> }> } };

/** Operations that take no body: acting on what the path names is the whole request. */
const BODILESS = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/users/{id}/password', 'DELETE /api/v1/auth/tokens/{id}', 'DELETE /api/v1/campaigns/{key}/vetoes/{unit}', 'DELETE /api/v1/campaign-drafts/{id}']);
const ERROR_REF = '#/components/schemas/Error';
/** Request integers that name rows of 64-bit (bigserial) ids. */
const BIGINT_INPUTS = new Set([
  'GET /api/v1/campaigns/{key}/ballots query:after', // ballot ids
  'POST /api/v1/campaigns/{key}/ballots/review body.ids[]',
  'GET /api/v1/audit query:before', // audit entry ids
]);

describe('the OpenAPI document', () => {
  let h: Harness;
  let doc: Doc;
  const ops: [string, Operation][] = [];

  beforeAll(async () => {
    h = await createHarness();
    const res = await h.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
    for (const [path, byMethod] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(byMethod)) ops.push([`${method.toUpperCase()} ${path}`, op]);
  });
  afterAll(async () => h?.close());

  it('bounds every integer a request may carry by its column: 32 bits, or a safe integer for a 64-bit id', () => {
    // PostgreSQL refuses 2147483648 for an integer column with an error the
    // app saw as its own fault (500, on the public results too): a request's
    // integer is refused at the door instead, with 400 VALIDATION_FAILED.
    const problems: string[] = [];
    let integers = 0;
    const resolve = (s: Record<string, unknown>): Record<string, unknown> =>
      typeof s.$ref === 'string' ? resolve((doc.components.schemas as Record<string, Record<string, unknown>>)[s.$ref.split('/').pop()!]) : s;
    // `within`: the schemas on the way here, so a schema that holds itself ends the walk, while one
    // shared by two fields is walked under each.
    const walk = (raw: unknown, where: string, within: Set<unknown>) => {
      if (!raw || typeof raw !== 'object') return;
      const s = resolve(raw as Record<string, unknown>);
      if (within.has(s)) return;
      const inner = new Set(within).add(s);
      if (s.type === 'integer') {
        integers++;
        const max = typeof s.maximum === 'number' ? s.maximum : Infinity;
        const min = typeof s.minimum === 'number' ? s.minimum : -Infinity;
        const bound = BIGINT_INPUTS.has(where) ? Number.MAX_SAFE_INTEGER : INT4_MAX;
        if (max > bound || min < -bound - 1) problems.push(`${where}: integer from ${min} to ${max}`);
      }
      for (const [k, v] of Object.entries(s)) {
        if (k === 'properties' && v && typeof v === 'object') for (const [name, p] of Object.entries(v)) walk(p, `${where}.${name}`, inner);
        else if (k === 'items' || k === 'additionalProperties') walk(v, `${where}[]`, inner);
        else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) v.forEach((x) => walk(x, where, inner));
      }
    };
    for (const [name, op] of ops) {
      for (const p of op.parameters ?? []) walk(p.schema, `${name} ${p.in}:${p.name}`, new Set());
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema, `${name} body`, new Set());
    }
    // The walk found the request integers there are (ids, versions, limits, revisions…).
    expect(integers).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('has one error schema whose code is one of ERROR_CODES', () => {
    expect(doc.components.schemas.Error.properties?.error.properties?.code.enum).toEqual([...ERROR_CODES]);
  });

  it('gives every operation a summary, its inputs, a success answer and its refusals', () => {
    expect(ops.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const [name, op] of ops) {
      const [method, path] = name.split(' ');
      if (!op.summary?.trim()) problems.push(`${name}: no summary`);
      for (const [, param] of path.matchAll(/\{(\w+)\}/g)) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === param && p.schema)) problems.push(`${name}: no schema for path parameter ${param}`);
      }
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !BODILESS.has(name)) {
        const content = Object.values(op.requestBody?.content ?? {});
        if (!content.length || !content.every((c) => c.schema)) problems.push(`${name}: no body schema`);
      }
      const responses = op.responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) problems.push(`${name}: no success response`);
      for (const [status, r] of success) {
        const content = Object.values(r.content ?? {});
        // 204 has no body to describe.
        if (status !== '204' && (!content.length || !content.every((c) => c.schema && Object.keys(c.schema).length))) problems.push(`${name}: ${status} without a schema`);
        if (!r.description || r.description === 'Default Response') problems.push(`${name}: ${status} not described`);
      }
      const refusals = ['400', '4XX', '500', ...(op.security ? ['401', '403'] : [])];
      for (const status of refusals) {
        if (responses[status]?.content?.['application/json']?.schema?.$ref !== ERROR_REF) problems.push(`${name}: ${status} is not the error envelope`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('has every JSON operation of /api/v1 typed for the web (shared/contracts/routes.ts), and nothing else', () => {
    const answersJson = (op: Operation) => Object.entries(op.responses ?? {}).some(([status, r]) => /^2/.test(status) && r.content?.['application/json']);
    const json = ops
      .filter(([name, op]) => name.includes(' /api/v1/') && answersJson(op))
      .map(([name]) => name.replace(' /api/v1/', ' /').replace(/\{(\w+)\}/g, ':$1'));
    expect(json.sort()).toEqual([...API_ROUTES].sort());
  });

  it('marks the operations that need a user, and only those', () => {
    const open = ops.filter(([, op]) => !op.security).map(([name]) => name);
    expect(open.sort()).toEqual(
      [
        'GET /api/v1/public/campaigns',
        'GET /api/v1/public/campaigns/{key}/close-out',
        'GET /api/v1/public/campaigns/{key}/open-data.csv',
        'GET /api/v1/public/campaigns/{key}/open-data.json',
        'GET /api/v1/public/campaigns/{key}/results',
        'GET /api/v1/receipts/{receipt}',
        'GET /api/v1/settings',
        'GET /api/v1/vote/{code}',
        'GET /healthz',
        'GET /readyz',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/receipts/{receipt}/followup',
        'POST /api/v1/vote/{code}',
      ].sort(),
    );
  });
});

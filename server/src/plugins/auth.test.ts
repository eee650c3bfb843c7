import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { Context } from '../context.js';
import { registerErrorHandling } from './errors.js';
import { guardOf, registerAuth, requireAdmin, requireUser } from './auth.js';

// No request here carries a cookie or a token, so no user is ever looked up.
function app() {
  const a = Fastify({ logger: false });
  registerErrorHandling(a);
  registerAuth(a, {} as Context);
  return a;
}

describe('auth guards', () => {
  it('turn an anonymous caller away before the body is read', async () => {
    const a = app();
    a.post('/x', { onRequest: requireAdmin() }, async () => ({ ok: true }));
    const res = await a.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'application/json' }, payload: '{"cut' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuse to start when declared as a preHandler, where the body is already parsed', async () => {
    const a = app();
    expect(() => a.post('/x', { preHandler: requireUser() }, async () => ({ ok: true }))).toThrow(/onRequest, not preHandler/);
  });

  it('say whom they let in, for the OpenAPI document', () => {
    expect(guardOf([requireUser('admin', 'evaluator')])?.roles).toEqual(['admin', 'evaluator']);
    expect(guardOf(async () => {})).toBeUndefined();
  });
});

// The lockout's gate on one source's requests in flight (rate-limit.ts
// sourceGate), on a bare Fastify app: who is admitted, who waits, who is
// refused, and that every slot comes back.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.js';
import { sourceGate } from './rate-limit.js';

function appWithGate(limit: number, waitMs: number) {
  const app = Fastify();
  const held: (() => void)[] = [];
  let entered = 0;
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).headers(err.headers ?? {}).send({ code: err.code });
    return reply.code(500).send({ code: 'INTERNAL' });
  });
  app.get('/code', { onRequest: sourceGate(limit, waitMs) }, async () => {
    entered++;
    await new Promise<void>((r) => held.push(r));
    return { ok: true };
  });
  const ask = (ip: string) => app.inject({ method: 'GET', url: '/code', remoteAddress: ip });
  const until = async (f: () => boolean) => {
    for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  return { app, held, ask, entered: () => entered, until };
}

describe('the source gate', () => {
  it('admits `limit` of one source at once; the next enters when one finishes; other sources pass', async () => {
    const g = appWithGate(2, 10_000);
    const a = [g.ask('192.0.2.1'), g.ask('192.0.2.1'), g.ask('192.0.2.1')];
    await g.until(() => g.entered() === 2);
    const other = g.ask('192.0.2.2');
    await g.until(() => g.entered() === 3);
    expect(g.entered()).toBe(3); // two of the first source, and the other source
    g.held.shift()!();
    await g.until(() => g.entered() === 4);
    expect(g.entered()).toBe(4);
    while (g.held.length) g.held.shift()!();
    const answers = await Promise.all([...a, other]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    await g.app.close();
  });

  it('refuses a waiter after its wait, and at once past ten waiting per slot; the slots come back', async () => {
    const g = appWithGate(1, 50);
    const first = g.ask('192.0.2.9');
    await g.until(() => g.entered() === 1);
    const waiters = Array.from({ length: 11 }, () => g.ask('192.0.2.9'));
    const answers = await Promise.all(waiters);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(11).fill(429));
    expect(answers.every((r) => r.json().code === 'RATE_LIMITED' && r.headers['retry-after'] === '5')).toBe(true);
    g.held.shift()!();
    expect((await first).statusCode).toBe(200);
    // Nothing is left held: the next request enters at once.
    const next = g.ask('192.0.2.9');
    await g.until(() => g.entered() === 2);
    expect(g.entered()).toBe(2);
    g.held.shift()!();
    expect((await next).statusCode).toBe(200);
    await g.app.close();
  });
});

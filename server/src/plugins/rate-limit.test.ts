// The batched store's bookkeeping, with Redis played by the test (the counts
// themselves run against a real Redis in test/integration/vote.test.ts).
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { batchedStore } from './rate-limit.js';

const hex = (source: string) => Buffer.from(source).reverse().toString('hex');

type Answer = { err: Error | null; result?: { current: number; ttl: number } };

function store(reply: (args: (string | number)[]) => Promise<number[]>) {
  const calls: (string | number)[][] = [];
  const redis = {
    defineCommand() {},
    minpingLimit: (...args: (string | number)[]) => {
      calls.push(args);
      return reply(args);
    },
  } as unknown as Redis;
  // The test's "keyed hash": the source's bytes reversed, so no key can hold the source as it is.
  const Store = batchedStore(redis, 'p:rl:', { hash: (source) => Buffer.from(source).reverse(), lockKey: (h) => `p:lock:${h.toString('hex')}` }) as unknown as new () => {
    child(p: object): { incr(key: string, cb: (e: Error | null, r?: { current: number; ttl: number }) => void, w: number, max: number): void };
  };
  const root = new Store();
  const route = (lockout: boolean) => root.child({ routeInfo: { method: 'POST', url: '/v/:code' }, lockout });
  const ask = (lockout: boolean, key: string) =>
    new Promise<Answer & { times: number }>((resolve) => {
      let times = 0;
      let first: Answer;
      route(lockout).incr(key, (err, result) => {
        times++;
        first ??= { err, result };
        setTimeout(() => resolve({ ...first, times }), 5);
      }, 60_000, 10);
    });
  return { calls, ask };
}

describe('the batched rate-limit store', () => {
  it('sends the counts of one turn in one call, and reads the lock only where the route has one', async () => {
    const s = store(async (args) => {
      const n = Number(args[0]) / 2;
      return Array.from({ length: n }, (_, i) => [i + 1, 60_000, args[2 + 2 * i] === `p:lock:${hex('9.9.9.9')}` ? 5000 : 0]).flat();
    });
    const [a, b, c] = await Promise.all([s.ask(true, '1.1.1.1'), s.ask(false, '2.2.2.2'), s.ask(true, '9.9.9.9')]);
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0].slice(1, 7)).toEqual([`p:rl:POST/v/:code-${hex('1.1.1.1')}`, `p:lock:${hex('1.1.1.1')}`, `p:rl:POST/v/:code-${hex('2.2.2.2')}`, '', `p:rl:POST/v/:code-${hex('9.9.9.9')}`, `p:lock:${hex('9.9.9.9')}`]);
    // Redis is never told an address.
    expect(s.calls.flat().filter((a) => /\d+\.\d+\.\d+\.\d+/.test(String(a)))).toEqual([]);
    expect(a.result).toEqual({ current: 1, ttl: 60_000 });
    expect(b.result).toEqual({ current: 2, ttl: 60_000 });
    // A locked source: a count past any ban, with the lock's time left.
    expect(c.result!.current).toBeGreaterThan(1e12);
    expect(c.result!.ttl).toBe(5000);
  });

  it('answers every count once, with an error, when Redis fails, throws or answers something else', async () => {
    for (const reply of [
      async () => Promise.reject(new Error('down')),
      () => {
        throw new Error('thrown at once');
      },
      async () => [1, 2],
      async () => null as unknown as number[],
    ]) {
      const s = store(reply as never);
      const answers = await Promise.all([s.ask(true, '1.1.1.1'), s.ask(false, '2.2.2.2')]);
      for (const a of answers) {
        expect(a.err).toBeInstanceOf(Error);
        expect(a.times).toBe(1);
      }
    }
  });
});

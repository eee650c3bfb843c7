// Two requests at the same moment, made to meet where they can race: the
// first is held inside its transaction right after a chosen statement, the
// second is started and seen waiting on a lock, then the first goes on.
// These need two connections (the second cannot start while the first holds
// the only one), so their tests skip on a pool of one and on PGlite.
import { vi } from 'vitest';
import { TEST_DB, type Harness } from './harness.js';

export interface Hold {
  /** Resolves once the chosen call has run and is being held. */
  reached: Promise<void>;
  /** As reached, but fails at once if `request` is answered before it gets there. */
  reachedBy(request: Promise<{ statusCode: number; body: string }>): Promise<void>;
  /** Lets the held call return. */
  release(): void;
  /** Releases it and puts the real method back. */
  restore(): void;
}

/** Holds the first call of `obj[method]` that `when` picks, after it ran, until release(). */
export function holdAfter<T extends object>(obj: T, method: keyof T & string, when: (...args: any[]) => boolean = () => true): Hold {
  const real = obj[method] as (...args: unknown[]) => Promise<unknown>;
  let reached!: () => void;
  let release!: () => void;
  const atHold = new Promise<void>((r) => (reached = r));
  const gate = new Promise<void>((r) => (release = r));
  let held = false;
  const spy = vi.spyOn(obj, method as never).mockImplementation((async (...args: unknown[]) => {
    const out = await real.apply(obj, args);
    if (!held && when(...args)) {
      held = true;
      reached();
      await gate;
    }
    return out;
  }) as never);
  return {
    reached: atHold,
    reachedBy: (request) =>
      Promise.race([
        atHold,
        request.then((res) => {
          throw new Error(`answered ${res.statusCode} before the held call: ${res.body.slice(0, 300)}`);
        }),
      ]),
    release,
    restore() {
      release();
      spy.mockRestore();
    },
  };
}

/** Whether these tests can run: they need two connections to PostgreSQL itself. */
export const TWO_CONNECTIONS = TEST_DB === 'postgres';

/** Resolves once a statement of this harness's database is blocked by another session's lock (the second request, behind the held first). */
async function someoneWaitsOnALock(h: Harness, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [r] = await h.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`,
    );
    if (Number(r.n) > 0) return;
    if (Date.now() > until) throw new Error('no statement came to wait on a lock');
    await new Promise((res) => setTimeout(res, 10));
  }
}

type Answer = { statusCode: number; body: string; json(): any };

/**
 * The usual meeting: `first` is sent and held inside its transaction after the
 * call `hold` watches; `second` is sent and seen waiting on a lock (or, with
 * `secondWaits: false`, answered, as when it meets the first in a gap between
 * its transactions); then the first goes on. Answers both.
 */
export async function meet(
  h: Harness,
  hold: Hold,
  first: () => Promise<Answer>,
  second: () => Promise<Answer>,
  { secondWaits = true } = {},
): Promise<[Answer, Answer]> {
  try {
    const one = first();
    await hold.reachedBy(one);
    const two = second();
    if (secondWaits) await someoneWaitsOnALock(h);
    else await two;
    hold.release();
    return [await one, await two];
  } finally {
    hold.restore();
  }
}

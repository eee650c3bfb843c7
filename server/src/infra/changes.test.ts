// The memo's rules, with the listening connection played by the test; the
// notices themselves come from PostgreSQL in test/integration/changes.test.ts.
import { describe, expect, it } from 'vitest';
import { changeFeed, wrote, type MemoOptions } from './changes.js';

function feed() {
  let notice: (table: string) => void = () => {};
  let state: (listening: boolean) => void = () => {};
  const f = changeFeed({
    async listen(_channel, onNotice, onState) {
      notice = onNotice;
      state = onState;
      onState(true);
      return async () => onState(false);
    },
  });
  return { f, notice: (t: string) => notice(t), state: (l: boolean) => state(l) };
}
const OPTS: MemoOptions = { tables: ['users', 'sessions'], ttlMs: 60_000, maxEntries: 3 };
const counting = () => {
  let reads = 0;
  return { load: async () => ({ n: ++reads }), reads: () => reads };
};

describe('reads kept until what they rest on changes', () => {
  it('reads through until the process listens, then keeps', async () => {
    const { f } = feed();
    const m = f.memo<{ n: number }>('m', OPTS);
    const c = counting();
    await m.get('a', c.load);
    await m.get('a', c.load);
    expect(c.reads()).toBe(2);
    await f.start();
    expect((await m.get('a', c.load))!.n).toBe(3);
    expect((await m.get('a', c.load))!.n).toBe(3);
  });

  it('drops what rests on a table when it changes, here or anywhere, and nothing else', async () => {
    const { f, notice } = feed();
    await f.start();
    const m = f.memo<{ n: number }>('m', OPTS);
    const other = f.memo<{ n: number }>('o', { ...OPTS, tables: ['campaigns'] });
    const c = counting();
    const d = counting();
    await m.get('a', c.load);
    await other.get('a', d.load);
    notice('sessions');
    expect((await m.get('a', c.load))!.n).toBe(2);
    expect((await other.get('a', d.load))!.n).toBe(1);
    // A write of this process: at once on the pool, after COMMIT in a transaction.
    wrote({} as never, 'users');
    expect((await m.get('a', c.load))!.n).toBe(3);
    const afterCommit: (() => void)[] = [];
    wrote({ afterCommit: (fn: () => void) => afterCommit.push(fn) } as never, 'users');
    expect((await m.get('a', c.load))!.n).toBe(3);
    afterCommit.forEach((fn) => fn());
    expect((await m.get('a', c.load))!.n).toBe(4);
    notice('campaign_results');
    notice('anything else at all');
    expect((await m.get('a', c.load))!.n).toBe(4);
  });

  it('does not keep a read that a notice overtook', async () => {
    const { f, notice } = feed();
    await f.start();
    const m = f.memo<{ n: number }>('m', OPTS);
    let reads = 0;
    await m.get('a', async () => {
      reads++;
      notice('users'); // the change committed while this read was on its way
      return { n: reads };
    });
    await m.get('a', async () => ({ n: ++reads }));
    expect(reads).toBe(2);
  });

  it('keeps nothing while the connection is lost, and nothing from before once it is back', async () => {
    const { f, state } = feed();
    await f.start();
    const m = f.memo<{ n: number }>('m', OPTS);
    const c = counting();
    await m.get('a', c.load);
    state(false);
    await m.get('a', c.load);
    await m.get('a', c.load);
    expect(c.reads()).toBe(3);
    state(true);
    expect((await m.get('a', c.load))!.n).toBe(4);
    expect((await m.get('a', c.load))!.n).toBe(4);
  });

  it('keeps a value no longer than it is true by itself, nor past its time, nor a missing one', async () => {
    const { f } = feed();
    await f.start();
    const m = f.memo<{ n: number }>('m', { ...OPTS, ttlMs: 30 });
    const c = counting();
    await m.get('gone', c.load, () => Date.now() - 1);
    await m.get('gone', c.load, () => Date.now() - 1);
    expect(c.reads()).toBe(2);
    await m.get('a', c.load);
    await new Promise((r) => setTimeout(r, 40));
    await m.get('a', c.load);
    expect(c.reads()).toBe(4);
    let misses = 0;
    await m.get('none', async () => (misses++, undefined));
    await m.get('none', async () => (misses++, undefined));
    expect(misses).toBe(2);
  });

  it('holds at most maxEntries, the oldest going first', async () => {
    const { f } = feed();
    await f.start();
    const m = f.memo<{ n: number }>('m', OPTS);
    const c = counting();
    for (const k of ['a', 'b', 'c', 'd']) await m.get(k, c.load);
    await m.get('d', c.load);
    await m.get('b', c.load);
    expect(c.reads()).toBe(4);
    await m.get('a', c.load);
    expect(c.reads()).toBe(5);
  });
});

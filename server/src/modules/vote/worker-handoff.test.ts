import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HANDOFF_BUSY_MS, HANDOFF_EVERY_MS, HANDOFF_MAX, workerHandoff } from './worker-handoff.js';

describe('handing accepted ballots to the worker', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const recorder = () => {
    const sent: { at: number; ids: number[] }[] = [];
    const start = Date.now();
    const handoff = workerHandoff(async (ids) => void sent.push({ at: Date.now() - start, ids: [...ids] }), () => {});
    let id = 0;
    /** `perTick` ballots every 10 ms for `ms`, numbered on from the last; returns the last id. */
    const stream = async (ms: number, perTick: number) => {
      for (let t = 0; t < ms; t += 10) {
        handoff.add(Array.from({ length: perTick }, () => ++id));
        await vi.advanceTimersByTimeAsync(10);
      }
      return id;
    };
    return { sent, handoff, stream };
  };

  it('sends a trickle of ballots one interval after the first, in id order', async () => {
    const { sent, handoff } = recorder();
    handoff.add([7]);
    await vi.advanceTimersByTimeAsync(40);
    handoff.add([3, 5]);
    await vi.advanceTimersByTimeAsync(HANDOFF_EVERY_MS);
    expect(sent).toEqual([{ at: HANDOFF_EVERY_MS, ids: [3, 5, 7] }]);
  });

  it('lets a batch grow while ballots stream in, up to its limit in time, then starts the next', async () => {
    const { sent, stream } = recorder();
    // 10 ballots every 10 ms: 1,000 a second, under the size limit in a second.
    const last = await stream(1500, 10);
    await vi.advanceTimersByTimeAsync(2 * HANDOFF_BUSY_MS);
    expect(sent[0].at).toBe(HANDOFF_BUSY_MS);
    expect(sent[0].ids).toHaveLength(1000);
    // The rest, once the stream has stopped (at 1.5 s), at the timer's next turn.
    expect(sent).toHaveLength(2);
    expect(sent[1].at).toBeLessThanOrEqual(1500 + HANDOFF_EVERY_MS);
    // Every ballot sent once, none left behind.
    expect(sent.flatMap((s) => s.ids)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  });

  it('sends a batch that reaches its limit in size at once', async () => {
    const { sent, handoff } = recorder();
    handoff.add(Array.from({ length: HANDOFF_MAX }, (_, i) => i + 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ at: 0, ids: Array.from({ length: HANDOFF_MAX }, (_, i) => i + 1) }]);
  });

  it('stops waiting as soon as the stream slows to a trickle', async () => {
    const { sent, handoff, stream } = recorder();
    const last = (await stream(300, 20)) + 1;
    // Then one ballot: the batch goes at the next turn of the timer.
    handoff.add([last]);
    await vi.advanceTimersByTimeAsync(HANDOFF_EVERY_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0].at).toBeLessThanOrEqual(300 + HANDOFF_EVERY_MS);
    expect(sent[0].ids).toHaveLength(last);
  });

  it('says once that Redis is down, and sends what waits at close', async () => {
    const warnings: string[] = [];
    const handoff = workerHandoff(async () => Promise.reject(new Error('Connection is closed.')), (m) => warnings.push(m));
    handoff.add([1]);
    await vi.advanceTimersByTimeAsync(HANDOFF_EVERY_MS);
    handoff.add([2]);
    await handoff.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/reconciler/);
  });
});

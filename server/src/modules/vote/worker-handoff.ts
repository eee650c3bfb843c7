// Accepted ballots are handed to the worker in batches: one job per commit
// group made hundreds of tiny worker transactions a second. A batch goes
// HANDOFF_EVERY_MS after its first ballot while ballots trickle in; while they
// stream in (at least HANDOFF_BUSY_JOINS joined in the last HANDOFF_EVERY_MS)
// it keeps growing, up to HANDOFF_BUSY_MS or HANDOFF_MAX ballots. At a peak
// the worker then pays its per-job costs (the campaign's file, the tallies'
// upserts, the commit, the queue's own calls) once a second instead of ten
// times, and counting lags acceptance by at most a second
// (docs/benchmarks.md, "The worker's share at a peak"). Nothing waits for
// this; if the api dies first, or Redis is down, the reconciler queues the
// ballots from PostgreSQL (the record), so a failure here is only said, once
// per outage.

export const HANDOFF_EVERY_MS = 100;
export const HANDOFF_BUSY_MS = 1000;
const HANDOFF_BUSY_JOINS = 50;
export const HANDOFF_MAX = 2000;

export interface WorkerHandoff {
  /** Ballots just committed: queued for the worker with the next batch. */
  add(ballotIds: number[]): void;
  /** Queues what is waiting now (at close). */
  flush(): Promise<void>;
}

export function workerHandoff(send: (ballotIds: number[]) => Promise<void>, warn: (msg: string) => void): WorkerHandoff {
  let pending: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let failing = false;
  // When the waiting batch began, and how many ballots joined it since the timer was last set.
  let startedAt = 0;
  let joined = 0;

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending.length) return Promise.resolve();
    const ids = pending.sort((a, b) => a - b);
    pending = [];
    return send(ids).then(
      () => void (failing = false),
      (err: unknown) => {
        if (!failing) warn(`Accepted ballots not queued for the worker (${String((err as Error)?.message ?? err)}); the reconciler queues them from PostgreSQL`);
        failing = true;
      },
    );
  }

  /** The timer's turn: a batch still being joined at a stream's pace waits on, up to its limit. */
  function due() {
    timer = null;
    const streaming = joined >= HANDOFF_BUSY_JOINS && Date.now() - startedAt + HANDOFF_EVERY_MS <= HANDOFF_BUSY_MS;
    joined = 0;
    if (streaming) timer = setTimeout(due, HANDOFF_EVERY_MS);
    else void flush();
  }

  return {
    add(ballotIds) {
      if (!pending.length) {
        startedAt = Date.now();
        joined = 0;
      }
      pending.push(...ballotIds);
      joined += ballotIds.length;
      if (pending.length >= HANDOFF_MAX) void flush();
      else timer ??= setTimeout(due, HANDOFF_EVERY_MS);
    },
    flush,
  };
}

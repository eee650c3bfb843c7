// Accepted ballots are handed to the worker in batches, at most
// HANDOFF_EVERY_MS after their commit: one job per commit group made hundreds
// of tiny worker transactions a second. Nothing waits for this; if the api
// dies first, or Redis is down, the reconciler queues the ballots from
// PostgreSQL (the record), so a failure here is only said, once per outage.

const HANDOFF_EVERY_MS = 100;
const HANDOFF_MAX = 2000;

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

  return {
    add(ballotIds) {
      pending.push(...ballotIds);
      if (pending.length >= HANDOFF_MAX) void flush();
      else timer ??= setTimeout(flush, HANDOFF_EVERY_MS);
    },
    flush,
  };
}

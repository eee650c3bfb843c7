// The group-commit loop (batching): submissions that arrive while a group is
// being stored wait, and go together in the next one. It knows nothing of
// ballots: the committer hands it what to do with a group.
//
// Why one group in flight (docs/benchmarks.md has the figures): under load the
// api's event loop is busy, so every await of a database answer also waits its
// turn on the loop. Many small transactions in flight split the clients into
// groups of ~3; one statement at a time gathers groups of 25–50 and spends far
// less per ballot.

export interface GroupCommit<T> {
  /** Queues an item; a group starts at once when fewer than maxInFlight are being stored. */
  push(item: T): void;
  /** Resolves once every queued item's group has been stored and its items answered. */
  drain(): Promise<void>;
}

/**
 * `store` settles every item of the group it is given (it must not throw: a
 * failure is each item's outcome), or returns the settling, which runs once
 * the next group is on its way: the database works on that group's statement
 * while this one's items are answered, instead of waiting for every answer to
 * be written first. Groups are at most `maxGroup` items.
 */
export function groupCommit<T>(store: (group: T[]) => Promise<(() => void) | void>, opts: { maxGroup: number; maxInFlight: number }): GroupCommit<T> {
  const waiting: T[] = [];
  const idle: (() => void)[] = [];
  let inFlight = 0;
  let answering = 0; // groups stored whose settling waits for the next turn

  const idleNow = () => {
    if (inFlight === 0 && answering === 0 && !waiting.length) idle.splice(0).forEach((f) => f());
  };

  async function flush() {
    if (!waiting.length) return;
    const group = waiting.splice(0, opts.maxGroup);
    inFlight++;
    let settle: (() => void) | void = undefined;
    try {
      settle = await store(group);
    } finally {
      inFlight--;
      const next = waiting.length > 0;
      // Started first, it runs until its statement is sent; the settling waits for the loop's next turn.
      if (next) void flush();
      if (settle && next) {
        const answer = settle;
        answering++;
        setImmediate(() => {
          answering--;
          answer();
          idleNow();
        });
      } else settle?.();
      idleNow();
    }
  }

  return {
    push(item) {
      waiting.push(item);
      if (inFlight < opts.maxInFlight) void flush();
    },
    async drain() {
      if (inFlight > 0 || answering > 0 || waiting.length) await new Promise<void>((r) => idle.push(r));
    },
  };
}

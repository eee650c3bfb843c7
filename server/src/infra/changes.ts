// Reads an api process keeps in memory for as long as nothing they rest on
// changes: who a session belongs to, the stamps that name a result's version.
// Without them every console request asks PostgreSQL who is signed in, and
// every rankings read asks which version is current: two statements for an
// answer whose bytes are already in memory (docs/benchmarks.md, "Rankings").
//
// PostgreSQL tells every process what changed: triggers (migration 0012)
// NOTIFY `minping_changes` with the table's name at each commit that wrote it,
// whoever wrote it (another api process, the worker, the command line, psql).
// A kept read is used only while this process is listening; a notice about
// a table drops everything kept from it; a read that was under way when the
// notice came is not kept (it may have seen the table before the change). So a
// change is seen by the next request after its notice arrives (milliseconds).
// With the listening connection lost, nothing is kept until it is back; a
// connection that died without a word is noticed by keep-alive within
// seconds, and `ttlMs` bounds what it could leave behind.
import type { Database, Queryable, Tx } from './db.js';

export const CHANGES_CHANNEL = 'minping_changes';

/** The tables migration 0012 sends notices for. */
export type WatchedTable = 'users' | 'sessions' | 'campaigns' | 'campaign_results';
const WATCHED = new Set<string>(['users', 'sessions', 'campaigns', 'campaign_results'] satisfies WatchedTable[]);

/** Every feed of this process that is listening (one per api context). */
const listeningFeeds = new Set<(table: string) => void>();

/**
 * A repository wrote `tables` through `on`: every feed of this process drops
 * what rests on them once the write is committed (at once on the pool, after
 * COMMIT in a transaction), not only when PostgreSQL's notice arrives a
 * moment later, so the next request of this process sees the write.
 */
export function wrote(on: Queryable, ...tables: WatchedTable[]) {
  const tell = () => {
    for (const bump of listeningFeeds) tables.forEach(bump);
  };
  const tx = on as Partial<Tx>;
  if (typeof tx.afterCommit === 'function') tx.afterCommit(tell);
  else tell();
}

export interface MemoOptions {
  /** What the kept reads rest on: a notice about one of these drops them all. */
  tables: WatchedTable[];
  /** The longest a read is kept, even with no notice. */
  ttlMs: number;
  /** Beyond this many the oldest goes. */
  maxEntries: number;
}

export interface Memo<V> {
  /**
   * The value kept for `key`, or `load()`'s. `until(value)`: the time (ms
   * since the epoch) the value stops being true by itself, e.g. a session's
   * expiry; undefined values are never kept.
   */
  get(key: string, load: () => Promise<V | undefined>, until?: (value: V) => number): Promise<V | undefined>;
}

export interface ChangeFeed {
  /** Starts listening (each api process once); until then every read goes to the database. */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly listening: boolean;
  /** The memo named `name` (one per name and process). */
  memo<V>(name: string, opts: MemoOptions): Memo<V>;
}

export function changeFeed(database: Pick<Database, 'listen'>): ChangeFeed {
  // Bumped on each notice about a table, and for all of them whenever listening starts or stops.
  const generations = new Map<string, number>();
  let era = 0;
  let listening = false;
  let stop: Promise<() => Promise<void>> | null = null;
  const memos = new Map<string, Memo<unknown>>();
  const stampOf = (tables: WatchedTable[]) => `${era}:${tables.map((t) => generations.get(t) ?? 0).join(':')}`;

  function memo<V>(opts: MemoOptions): Memo<V> {
    const kept = new Map<string, { value: V; stamp: string; until: number }>();
    return {
      async get(key, load, until) {
        const stamp = stampOf(opts.tables);
        const hit = kept.get(key);
        if (hit && listening && hit.stamp === stamp && hit.until > Date.now()) return hit.value;
        if (hit) kept.delete(key);
        const value = await load();
        // Kept only if nothing it rests on changed while it was read.
        if (value !== undefined && listening && stampOf(opts.tables) === stamp) {
          const end = Math.min(Date.now() + opts.ttlMs, until ? until(value) : Infinity);
          if (end > Date.now()) {
            kept.set(key, { value, stamp, until: end });
            if (kept.size > opts.maxEntries) kept.delete(kept.keys().next().value!);
          }
        }
        return value;
      },
    };
  }

  // Only the tables this file knows: any role that can connect may NOTIFY this channel with anything.
  const bump = (table: string) => {
    if (WATCHED.has(table)) generations.set(table, (generations.get(table) ?? 0) + 1);
  };
  const onState = (now: boolean) => {
    era++;
    listening = now;
  };
  return {
    get listening() {
      return listening;
    },
    async start() {
      // Two callers at once share one listener.
      stop ??= database.listen(CHANGES_CHANNEL, bump, onState);
      listeningFeeds.add(bump);
      await stop;
    },
    async stop() {
      const s = stop;
      stop = null;
      listeningFeeds.delete(bump);
      await (await s)?.();
    },
    memo<V>(name: string, opts: MemoOptions) {
      let m = memos.get(name) as Memo<V> | undefined;
      if (!m) memos.set(name, (m = memo<V>(opts)) as Memo<unknown>);
      return m;
    },
  };
}

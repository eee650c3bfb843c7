// One database handle for both drivers: node-postgres against a real server,
// or PGlite (PostgreSQL compiled to WASM, in-process) for the embedded default.
import path from 'node:path';
import fs from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../db/schema.js';
import { MIGRATIONS_DIR } from '../paths.js';

export type Db = NodePgDatabase<typeof schema>;

/**
 * What a repository is handed: the database itself, or one transaction of it
 * (a unit of work). Both speak the query builder (`db`) and, where a statement
 * earns it, raw parameterised SQL (`query`), on the same connection.
 */
export interface Queryable {
  /** The query builder: the one SQL style of the repositories. */
  db: Db;
  /** Raw parameterised SQL, for hot paths and set-based statements the builder cannot say. */
  query: Query;
}

/**
 * One unit of work: a transaction's own connection, and the work that must
 * wait until it is committed (a queue job, a cache drop). Such work runs only
 * after COMMIT, never while the connection is held, and never for a rollback.
 */
export interface Tx extends Queryable {
  /**
   * Runs fn after the transaction commits. A failure there cannot undo the
   * change, so it is not thrown: work queued this way must also be
   * recoverable from the database (the reconciler re-queues it).
   */
  afterCommit(fn: () => unknown): void;
}

export interface Database extends Queryable {
  kind: 'postgres' | 'pglite';
  /** The node-postgres pool, when on a real server (migrations need one connection). */
  pool?: pg.Pool;
  /**
   * The one transaction API. The Tx fn is given is its only way to the
   * database: while fn runs, query, db, pool and a nested transaction reject
   * with OutsideTransactionError (see assertOutsideTransaction).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` over a connection of its own (outside the pool, so a
   * pool of one stays free): `onNotice` for each notice; `onState(false)`
   * when the connection is lost (it reconnects by itself, every second) and
   * `onState(true)` once it listens again. Resolves, listening or not, with
   * a function that stops it.
   */
  listen(channel: string, onNotice: (payload: string) => void, onState: (listening: boolean) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type Query = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** A unit of work over one connection: the builder is made only when a step asks for it (the hot path speaks raw SQL). */
function unitOfWork(query: Query, builder: () => Db, onError: (err: unknown) => void): { tx: Tx; committed(): Promise<void> } {
  const after: (() => unknown)[] = [];
  let db: Db | undefined;
  const tx: Tx = {
    query,
    get db() {
      return (db ??= builder());
    },
    afterCommit: (fn) => void after.push(fn),
  };
  return {
    tx,
    async committed() {
      for (const fn of after) {
        try {
          await fn();
        } catch (err) {
          onError(err);
        }
      }
    },
  };
}

/** Where a failure of after-commit work is told (the context writes it to the log). */
export type AfterCommitFailure = (err: unknown) => void;
const ignoreFailure: AfterCommitFailure = () => {};

// Code that holds a transaction's connection and asks the pool for another one
// waits for itself as soon as requests outnumber the pool: at once on PGlite
// (one connection, one lock) or a pool of one, and under load on any pool. So a
// transaction marks its async flow, and every way to the pool refuses to run
// inside it, in every environment, on the first call rather than under load.
interface TransactionMark {
  open: boolean;
}
const inTransaction = new AsyncLocalStorage<TransactionMark>();

export class OutsideTransactionError extends Error {
  constructor(what: string) {
    super(`${what} was called inside a transaction: use the query the transaction step was given (a second connection from the pool can wait for this one forever)`);
    this.name = 'OutsideTransactionError';
  }
}

/** Throws when called (synchronously or not) from inside a transaction step that is still open. */
export function assertOutsideTransaction(what: string): void {
  // Work started inside a step but still running after it ended (a cache fill,
  // a fire-and-forget job) holds no connection any more and may use the pool.
  if (inTransaction.getStore()?.open) throw new OutsideTransactionError(what);
}

function refusedInTransaction(what: string): Promise<never> | null {
  try {
    assertOutsideTransaction(what);
    return null;
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Runs a transaction body marked as such; the mark closes when the body settles. */
async function asTransaction<T>(fn: () => Promise<T>): Promise<T> {
  const mark: TransactionMark = { open: true };
  try {
    return await inTransaction.run(mark, fn);
  } finally {
    mark.open = false;
  }
}

/** Replaces the named methods of obj with ones that first assert they are outside a transaction. */
function guardMethods(obj: object, label: string, names: string[]): void {
  const o = obj as Record<string, unknown>;
  for (const name of names) {
    const raw = o[name] as (...args: unknown[]) => unknown;
    o[name] = function guarded(this: unknown, ...args: unknown[]) {
      // A rejected promise, like any failure of these promise-returning methods.
      const refused = refusedInTransaction(`${label}.${name}`);
      return refused ?? raw.apply(obj, args);
    };
  }
}

/**
 * The drizzle database: its queries reach the pool (guarded there). Its own
 * transaction is refused: Database.transaction is the one way to a unit of
 * work, so after-commit work and the in-transaction guard cannot be skipped.
 */
function guardDrizzle(db: Db): Db {
  db.transaction = (() => Promise.reject(new Error('Use database.transaction(tx => …): the one transaction API'))) as Db['transaction'];
  return db;
}


// Every pg connection speaks UTC; the web shows Asia/Shanghai.
pg.types.setTypeParser(20, (v) => Number(v)); // bigint counts fit in a double here

export async function openPostgres(url: string, poolSize: number, afterCommitFailed = ignoreFailure): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c timezone=UTC' });
  pool.on('error', () => {
    /* an idle client died (e.g. server restart); the pool replaces it */
  });
  // pool.query goes through pool.connect, and drizzle uses both: guarding these
  // two guards every way to a pooled connection.
  guardMethods(pool, 'database.pool', ['connect', 'query']);
  const db = guardDrizzle(drizzlePg(pool, { schema }));
  const query: Query = async (text, params) => (await pool.query(text, params as unknown[])).rows;
  return {
    db,
    kind: 'postgres',
    pool,
    query,
    async transaction(fn) {
      const client = await pool.connect();
      const work = unitOfWork(
        async (text, params) => (await client.query(text, params as unknown[])).rows,
        () => drizzlePg(client, { schema }),
        afterCommitFailed,
      );
      let result;
      try {
        await client.query('begin');
        result = await asTransaction(() => fn(work.tx));
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      await work.committed();
      return result;
    },
    listen: (channel, onNotice, onState) => listenOnPostgres(url, channel, onNotice, onState),
    close: () => pool.end(),
  };
}

const RELISTEN_EVERY_MS = 1000;
/**
 * The listening connection proves itself every few seconds: it notifies its
 * own channel and must hear it back. A connection that died without a word
 * (a peer gone, a proxy that drops LISTEN) is then noticed in seconds, and
 * what was kept on the strength of its notices is dropped.
 */
const HEARTBEAT_EVERY_MS = 5000;
const HEARTBEAT_WITHIN_MS = 3000;
export const HEARTBEAT_PAYLOAD = 'heartbeat';
/** The listening connection's application_name in pg_stat_activity. */
export const LISTENER_NAME = 'minping-listener';

async function listenOnPostgres(url: string, channel: string, onNotice: (payload: string) => void, onState: (listening: boolean) => void) {
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let awaiting: NodeJS.Timeout | undefined;
  async function connect() {
    // Named, so an operator (and a test) can tell it in pg_stat_activity.
    const c = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 5000, options: '-c timezone=UTC', application_name: LISTENER_NAME });
    current = c;
    const lost = () => {
      if (current !== c) return;
      current = null;
      clearInterval(heartbeat);
      clearTimeout(awaiting);
      awaiting = undefined;
      onState(false);
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect(), RELISTEN_EVERY_MS);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel !== channel) return;
      if (n.payload === HEARTBEAT_PAYLOAD) {
        clearTimeout(awaiting);
        awaiting = undefined;
      } else onNotice(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (current !== c) return;
      onState(true);
      heartbeat = setInterval(() => {
        if (awaiting) return;
        awaiting = setTimeout(lost, HEARTBEAT_WITHIN_MS);
        c.query('select pg_notify($1, $2)', [channel, HEARTBEAT_PAYLOAD]).catch(lost);
      }, HEARTBEAT_EVERY_MS);
      heartbeat.unref();
    } catch {
      lost();
    }
  }
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(heartbeat);
    clearTimeout(awaiting);
    const c = current;
    current = null;
    onState(false);
    await c?.end().catch(() => {});
  };
}

export async function openPglite(dataDir: string, afterCommitFailed = ignoreFailure): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = path.resolve(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const client = await PGlite.create(dir).catch((err) => {
    unlock();
    throw err;
  });
  await client.exec(`set timezone to 'UTC'`);
  // One connection: a statement sent on the instance while a transaction is
  // open waits for that transaction, which waits for the statement. The
  // transaction's own handle uses PGlite's internals, not these methods.
  guardMethods(client, 'database', ['query', 'exec', 'transaction']);
  // The pglite and node-postgres drizzle databases share one query API.
  const db = guardDrizzle(drizzle(client, { schema }) as unknown as Db);
  return {
    db,
    kind: 'pglite',
    query: async (text, params) => (await client.query(text, params as unknown[])).rows as never[],
    async transaction(fn) {
      let work: ReturnType<typeof unitOfWork> | undefined;
      const result = await client.transaction((t) => {
        work = unitOfWork(
          async (text, params) => (await t.query(text, params as unknown[])).rows as never[],
          () => drizzle(t as never, { schema }) as unknown as Db,
          afterCommitFailed,
        );
        return asTransaction(() => fn(work!.tx));
      });
      await work!.committed();
      return result;
    },
    // One process, one connection: a notice reaches it after each commit.
    async listen(channel, onNotice, onState) {
      const unlisten = await client.listen(channel, onNotice);
      onState(true);
      return async () => {
        onState(false);
        await unlisten().catch(() => {});
      };
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/**
 * PGlite is PostgreSQL inside one process, with no server to share the files:
 * a second process opening them (a second `npm start`, the password reset
 * command while the server runs) would corrupt them. A lock file names the
 * process that has them; one left by a process that is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.resolve(dataDir, 'pglite.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(`The embedded database in ${path.resolve(dataDir)} is open in process ${pid} (a running npm start?): stop it first, only one process may open it.`);
      }
      fs.rmSync(file, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize: number; afterCommitFailed?: AfterCommitFailure }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize, opts.afterCommitFailed) : openPglite(opts.dataDir, opts.afterCommitFailed);
}

/**
 * Applies the committed migrations; an advisory lock keeps replicas from racing.
 * With `ownerUrl` they run as that role (the tables' owner), which then grants
 * the app's own role (the one `database` connects as) only what it needs: the
 * app then owns nothing, so it cannot drop a table or switch off the trigger
 * that keeps audit_log append-only.
 */
export async function runMigrations(database: Database, opts: { ownerUrl?: string } = {}): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const owner = opts.ownerUrl ? new pg.Client({ connectionString: opts.ownerUrl, options: '-c timezone=UTC' }) : null;
  const client = owner ?? (await database.pool!.connect());
  if (owner) await owner.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    if (owner) {
      const [{ role }] = await database.query<{ role: string }>('select current_user as role');
      await grantAppRole(owner, role);
    }
  } finally {
    await client.query('select pg_advisory_unlock(727274)').catch(() => {});
    if (owner) await owner.end();
    else (client as pg.PoolClient).release();
  }
}

// Tables the app may only append to and read.
export const APPEND_ONLY_TABLES = ['audit_log'];

/** Grants `role` rows, not objects: DML on every table (append and read on the append-only ones), sequences to number rows. */
export async function grantAppRole(owner: pg.Client, role: string): Promise<void> {
  const [{ me }] = (await owner.query<{ me: string }>('select current_user as me')).rows;
  if (me === role) return; // one role for both: nothing to separate
  const r = pg.escapeIdentifier(role);
  await owner.query('begin');
  try {
    await owner.query(`grant usage on schema public to ${r}`);
    await owner.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await owner.query(`grant usage, select on all sequences in schema public to ${r}`);
    for (const t of APPEND_ONLY_TABLES) {
      await owner.query(`revoke all on ${pg.escapeIdentifier(t)} from ${r}`);
      await owner.query(`grant select, insert on ${pg.escapeIdentifier(t)} to ${r}`);
    }
    // Tables a later migration creates get the same (this runs after each one anyway).
    await owner.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`);
    await owner.query(`alter default privileges in schema public grant usage, select on sequences to ${r}`);
    await owner.query('commit');
  } catch (err) {
    await owner.query('rollback').catch(() => {});
    throw err;
  }
}

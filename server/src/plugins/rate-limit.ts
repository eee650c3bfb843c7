// Rate limits, and the voter paths' lockout, in one Redis command per turn of
// the event loop.
//
// @fastify/rate-limit counts; this file gives it a store. Its own Redis store
// sends one command per request, and the lockout (vote.service.ts) used to
// ask Redis a second time (TTL of the source's lock): two socket writes per
// ballot, each waking Redis, a fifth of the api's time under load on two
// cores (docs/benchmarks.md, "One Redis command per turn"). Here every count
// asked for within one turn of the loop waits for the turn's end
// (setImmediate) and goes in one script call, which also reads each source's
// lock on the routes that have one (`lockout: true`). A locked source is
// answered as the plugin's "ban" (its count put past `max + ban`), which the
// error builder below turns into 429 SOURCE_LOCKED with the lock's Retry-After.
//
// Redis gone: the call fails, and the plugin lets the request through
// (skipOnError): no limits and no lockout, voting goes on.
//
// Redis keeps no address: a counter and a lock are named by a keyed hash of
// the source (as the lockout's misses are), never by the address itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP, type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { AppError } from '../lib/errors.js';

/** The source a limit and a lockout count: an IPv4 address, or an IPv6 address's /64 (one subscriber's network). */
export const sourceOf = (ip: string) => normalizeIP(ip);

/** Far past any real count: a count over `max + LOCKED_BAN` is a lock, never a burst of requests. */
const LOCKED_BAN = 1e12;
/** Sources per script call; a turn with more sends more calls. */
const MAX_BATCH = 256;

// KEYS: per source its counter and its lock ('' on a route without lockout);
// ARGV: per source the window in ms. Returns per source: count, ms left in the
// window, ms left of the lock (0: none). A counter found without an expiry (it
// cannot be made so here; a foreign write) gets one, so no count lasts forever.
const SCRIPT = `
local out = {}
for i = 1, #ARGV do
  local counter, lock, window = KEYS[2 * i - 1], KEYS[2 * i], tonumber(ARGV[i])
  local current = redis.call('INCR', counter)
  local ttl = window
  if current == 1 then
    redis.call('PEXPIRE', counter, window)
  else
    ttl = redis.call('PTTL', counter)
    if ttl < 0 then
      redis.call('PEXPIRE', counter, window)
      ttl = window
    end
  end
  local locked = 0
  if lock ~= '' then
    locked = redis.call('PTTL', lock)
    if locked < 0 then locked = 0 end
  end
  out[3 * i - 2] = current
  out[3 * i - 1] = ttl
  out[3 * i] = locked
end
return out`;

type Answer = (error: Error | null, result?: { current: number; ttl: number }) => void;
interface Count {
  counter: string;
  lock: string;
  window: number;
  max: number;
  answer: Answer;
}
type LimitRedis = Redis & { minpingLimit(...args: (string | number)[]): Promise<number[]> };

/** How a source (an address, or what a route's keyGenerator gives) is named in Redis. */
export interface SourceKeys {
  /** A keyed hash of the source: no address is kept in Redis. */
  hash(source: string): Buffer;
  /** The Redis key of the lock of the source with this hash. */
  lockKey(sourceHash: Buffer): string;
}

/**
 * The store class @fastify/rate-limit instantiates: counters under
 * `${prefix}${method}${url}-${hash of the source, hex}`, locks under
 * `keys.lockKey(hash)`.
 */
export function batchedStore(redis: Redis, prefix: string, keys: SourceKeys) {
  const client = redis as LimitRedis;
  if (!client.minpingLimit) client.defineCommand('minpingLimit', { lua: SCRIPT });
  let waiting: Count[] = [];
  let scheduled = false;

  // Every count of the batch is answered exactly once, whatever Redis sends
  // back or throws: a request whose count is never answered would hang.
  function send(batch: Count[]) {
    const answered = new Set<Count>();
    const answer = (c: Count, err: Error | null, result?: { current: number; ttl: number }) => {
      if (answered.has(c)) return;
      answered.add(c);
      c.answer(err, result);
    };
    const keys = batch.flatMap((c) => [c.counter, c.lock]);
    let call: Promise<number[]>;
    try {
      call = client.minpingLimit(keys.length, ...keys, ...batch.map((c) => c.window));
    } catch (err) {
      call = Promise.reject(err);
    }
    call
      .then((out) => {
        if (!Array.isArray(out) || out.length !== 3 * batch.length) throw new Error(`rate limit: ${batch.length} counts asked, ${String(out?.length)} values answered`);
        batch.forEach((c, i) => {
          const [current, ttl, locked] = [Number(out[3 * i]), Number(out[3 * i + 1]), Number(out[3 * i + 2])];
          answer(c, null, locked > 0 ? { current: c.max + LOCKED_BAN + 1, ttl: locked } : { current, ttl });
        });
      })
      .catch((err: Error) => batch.forEach((c) => answer(c, err)));
  }

  function flush() {
    scheduled = false;
    const all = waiting;
    waiting = [];
    for (let i = 0; i < all.length; i += MAX_BATCH) send(all.slice(i, i + MAX_BATCH));
  }

  class BatchedStore {
    // The plugin makes the first with its options (unused), and one child per route.
    constructor(
      _options?: unknown,
      private readonly route = '',
      private readonly lockout = false,
    ) {}

    incr(key: string, answer: Answer, timeWindow: number, max: number) {
      const hash = keys.hash(key);
      waiting.push({ counter: `${prefix}${this.route}${hash.toString('hex')}`, lock: this.lockout ? keys.lockKey(hash) : '', window: timeWindow, max, answer });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }

    /** `params`: the route's limit merged over the plugin's options, with the route as `routeInfo`. */
    child(params: VoterLimit & { routeInfo: { method: string; url: string } }) {
      return new BatchedStore(undefined, `${params.routeInfo.method}${params.routeInfo.url}-`, params.lockout === true);
    }
  }
  return BatchedStore as unknown as new () => FastifyRateLimitStore;
}

/** A route's limit; `lockout`: refused while the source is locked out (read by the store). */
interface VoterLimit extends RateLimitOptions {
  lockout?: boolean;
}

/** A voter path's limit: `max` a minute per source and, with `lockout`, refused while the source is locked out. */
export function voterLimit(max: number, opts: { lockout: boolean }): RateLimitOptions {
  const limit = { max, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => sourceOf(req.ip) };
  const locking: VoterLimit = { ...limit, ban: LOCKED_BAN, lockout: true };
  return opts.lockout ? locking : limit;
}

function refusal(_req: FastifyRequest, context: { ban: boolean; ttl: number }) {
  if (!context.ban) return new AppError(429, 'RATE_LIMITED', 'Too many requests; try again shortly');
  const seconds = Math.ceil(context.ttl / 1000);
  return new AppError(429, 'SOURCE_LOCKED', `Too many unknown codes from your network; try again in ${Math.ceil(seconds / 60)} minutes`, undefined, { 'retry-after': String(seconds) });
}

/**
 * At most `limit` requests of one source in flight at once on a route with a
 * lockout; the next waits for one to finish. The lock is read before a code is
 * looked up, and a miss counted before its 404 is sent: without this, a burst
 * of guesses sent at once all passed the lock before the first miss was
 * counted (127 lookups of 300 sent together, against a limit of 20). With it a
 * burst gets at most 2 × `limit` − 1 lookups per api process. The limit is the
 * lockout's own (INVALID_CODE_LIMIT): far more than one source has in flight
 * within its rate limit, however many voters share its address.
 *
 * A slot is taken before the body arrives, so slow senders could hold them:
 * the server gives a request REQUEST_TIMEOUT_MS to arrive (app.ts), a waiter
 * waits at most GATE_WAIT_MS, and at most GATE_WAITING_PER_SLOT × `limit`
 * wait; past either, 429 RATE_LIMITED, to be sent again.
 */
const GATE_WAIT_MS = 5_000;
const GATE_WAITING_PER_SLOT = 10;
const busy = () => new AppError(429, 'RATE_LIMITED', 'Too many requests from your network at once; try again shortly', undefined, { 'retry-after': String(GATE_WAIT_MS / 1000) });

export function sourceGate(limit: number, waitMs = GATE_WAIT_MS) {
  const sources = new Map<string, { inFlight: number; waiting: (() => void)[] }>();
  return function enter(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    // Already gone (a hook before this one waited): nothing to hold a slot for.
    if (reply.raw.closed || req.raw.destroyed) return done();
    const key = sourceOf(req.ip);
    let source = sources.get(key);
    if (!source) sources.set(key, (source = { inFlight: 0, waiting: [] }));
    const s = source;
    let state: 'waiting' | 'in' | 'out' = 'waiting';
    let timer: NodeJS.Timeout | undefined;
    const forget = () => {
      if (s.inFlight === 0 && !s.waiting.length) sources.delete(key);
    };
    const stopWaiting = () => {
      clearTimeout(timer);
      const at = s.waiting.indexOf(admit);
      if (at >= 0) s.waiting.splice(at, 1);
    };
    function admit() {
      clearTimeout(timer);
      state = 'in';
      s.inFlight++;
      done();
    }
    // 'close' comes once the answer is sent, or when the client goes away first.
    reply.raw.once('close', () => {
      if (state === 'in') {
        s.inFlight--;
        s.waiting.shift()?.();
      } else if (state === 'waiting') stopWaiting();
      state = 'out';
      forget();
    });
    if (s.inFlight < limit) return admit();
    if (s.waiting.length >= GATE_WAITING_PER_SLOT * limit) {
      state = 'out';
      return done(busy());
    }
    s.waiting.push(admit);
    timer = setTimeout(() => {
      if (state !== 'waiting') return;
      stopWaiting();
      state = 'out';
      forget();
      done(busy());
    }, waitMs);
  };
}

/**
 * Global limit off; routes opt in. The store is Redis so replicas share counts.
 * A route with a lockout also passes the source gate first (`lockoutInFlight`).
 */
export async function registerRateLimit(app: FastifyInstance, redis: Redis, prefix: string, keys: SourceKeys, lockoutInFlight: number) {
  await app.register(rateLimit, {
    global: false,
    store: batchedStore(redis, `${prefix}:rl:`, keys),
    skipOnError: true,
    errorResponseBuilder: refusal,
  });
  const gate = sourceGate(lockoutInFlight);
  // Runs after the plugin's own onRoute, which added the route's limit hook: the gate goes before it.
  app.addHook('onRoute', (route) => {
    if ((route.config as { rateLimit?: VoterLimit } | undefined)?.rateLimit?.lockout) route.onRequest = [gate, ...[route.onRequest ?? []].flat()];
  });
}

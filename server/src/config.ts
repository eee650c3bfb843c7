// The environment, parsed once. Nothing else reads process.env.
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './lib/trust-proxy.js';
import { publicUrlFor, type PublicUrl } from './lib/public-url.js';

export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  // The owner of the tables, used only to migrate (and to grant DATABASE_URL's
  // role what it needs). Unset: DATABASE_URL migrates too (one role, as in dev).
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Where vote links point: what a voter's phone can reach. Unset (or empty):
  // this machine's LAN address when HOST listens on every interface, else localhost (lib/public-url.ts).
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  // Keys HMACs (codes, receipts, addresses, devices) and seals exportable codes.
  // Without it a random one is kept in DATA_DIR/secret (fine for one machine).
  APP_SECRET: z.string().min(32).optional(),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Keeps several deployments (or test files) apart in one Redis.
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9:_-]+$/).default('minping'),
  // One is allowed (the tests run with one): nothing waits for a second connection while holding one.
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  // The proxies in front of the api: a hop count or their addresses/CIDRs (lib/trust-proxy.ts).
  TRUST_PROXY: z.string().default('false').transform((v, c) => {
    const parsed = parseTrustProxy(v);
    if (typeof parsed === 'object' && 'error' in parsed) {
      c.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  }),
  WEB_DIST: z.string().optional(),
  // Rate limit on the public vote routes, per address per minute.
  VOTE_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  // Invalid codes from one source before it is locked out for LOCKOUT_MINUTES.
  INVALID_CODE_LIMIT: z.coerce.number().int().min(1).default(20),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  // How long the worker waits after the last ballot before recomputing scores.
  RECOMPUTE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
  // Ballots not processed after this long are queued again by the reconciler.
  RECONCILE_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
  RECONCILE_EVERY_MS: z.coerce.number().int().min(100).default(15_000),
  // On the embedded database only (no autovacuum there): how often the worker analyzes and vacuums the tables due.
  TABLE_UPKEEP_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
  DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  // The worker role serves /healthz and /metrics here when set.
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Bearer token Prometheus sends for /metrics (api and worker); the api also lets an admin in.
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).optional()),
});

export interface Config {
  role: Role;
  databaseUrl: string | undefined;
  migrationDatabaseUrl: string | undefined;
  redisUrl: string | undefined;
  host: string;
  port: number;
  publicUrl: string;
  /** How publicUrl was found: given, the LAN address, HOST itself, or localhost (phones cannot reach it). */
  publicUrlSource: PublicUrl['source'];
  /** publicUrl is an address phones reach (given, or this machine's on the network), not localhost: the console uses it rather than the browser's. */
  publicUrlSet: boolean;
  appSecret: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  redisPrefix: string;
  dbPoolSize: number;
  trustProxy: TrustProxy;
  webDist: string | undefined;
  voteRateLimit: number;
  invalidCodeLimit: number;
  lockoutMinutes: number;
  recomputeDebounceMs: number;
  reconcileAfterMs: number;
  reconcileEveryMs: number;
  tableUpkeepEveryMs: number;
  demo: 'auto' | 'true' | 'false';
  workerMetricsPort: number | undefined;
  metricsToken: string | undefined;
}

function publicUrlOf(e: { PUBLIC_URL?: string; HOST: string; PORT: number }) {
  const p = publicUrlFor({ publicUrl: e.PUBLIC_URL, host: e.HOST, port: e.PORT });
  return { publicUrl: p.url, publicUrlSource: p.source, publicUrlSet: p.source !== 'loopback' };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: Role = 'all'): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) throw new Error('Invalid configuration:\n  MIGRATION_DATABASE_URL: needs DATABASE_URL (the role the app runs as)');
  return {
    role,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    redisUrl: e.REDIS_URL,
    host: e.HOST,
    port: e.PORT,
    ...publicUrlOf(e),
    appSecret: e.APP_SECRET,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    redisPrefix: e.REDIS_PREFIX,
    dbPoolSize: e.DB_POOL_SIZE,
    trustProxy: e.TRUST_PROXY,
    webDist: e.WEB_DIST,
    voteRateLimit: e.VOTE_RATE_LIMIT,
    invalidCodeLimit: e.INVALID_CODE_LIMIT,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    recomputeDebounceMs: e.RECOMPUTE_DEBOUNCE_MS,
    reconcileAfterMs: e.RECONCILE_AFTER_MS,
    reconcileEveryMs: e.RECONCILE_EVERY_MS,
    tableUpkeepEveryMs: e.TABLE_UPKEEP_EVERY_MS,
    demo: e.DEMO,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    metricsToken: e.METRICS_TOKEN,
  };
}

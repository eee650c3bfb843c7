// The built server (server/dist/main.js, made once by the global setup) as a
// child process, as `npm start` and the image run it: one role, its own
// environment, its output kept for the error a test reports.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { OUTDIR, ROOT } from '../../scripts/build-server.js';
import { REDIS_URL, dbUrl } from './env.js';

export interface BundleProcess {
  child: ChildProcess;
  /** Everything it has written to stdout and stderr so far. */
  output(): string;
}

/** The APP_SECRET of processes started with `id`. */
export const bundleSecret = (id: string) => `test-secret-${id}-0123456789abcdefghijklmnop`;

/** Starts `node server/dist/main.js <role>` on database `dbName` and Redis prefix `prefix`; `id` makes its APP_SECRET (the same id, the same secret). */
export function spawnBundle(role: 'api' | 'worker', opts: { dbName: string; prefix: string; id: string; env?: Record<string, string> }): BundleProcess {
  const child = spawn(process.execPath, [path.join(OUTDIR, 'main.js'), role], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl(opts.dbName),
      REDIS_URL,
      REDIS_PREFIX: opts.prefix,
      APP_SECRET: bundleSecret(opts.id),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

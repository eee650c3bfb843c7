import { defineConfig } from 'vitest/config';

// The integration files that cover transactions run again with a database of
// one connection: PostgreSQL with a pool of one, and PGlite (the embedded
// default). Code that waits for a second connection while it holds one hangs
// there at once, where a pool of 20 hides it until load. Left out: files that
// start processes or reach PostgreSQL by URL (cli, first-run, resilience) and
// the read-mostly ones, to keep the run short.
const ONE_CONNECTION_FILES = ['accountability', 'accounts', 'auth', 'ballot-isolation', 'campaigns', 'changes', 'code-generation', 'codes', 'drafts', 'flag-groups', 'one-file', 'privacy', 'scores', 'table-upkeep', 'transactions', 'vote'].map((f) => `test/integration/${f}.test.ts`);
const integration = { environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } as const;

// Tiers: unit (pure code, shared/server/scripts and the web's form logic),
// integration (real PostgreSQL and Redis, one database and key prefix per
// file, so files run in parallel) and e2e (real Chromium against a real
// server). The template database is built once for the whole run.
export default defineConfig({
  test: {
    globalSetup: ['test/integration/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/architecture.test.ts'],
          environment: 'node',
        },
      },
      'web/vitest.config.ts',
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...integration,
        },
      },
      {
        test: {
          name: 'integration-pool1',
          include: ONE_CONNECTION_FILES,
          env: { TEST_DB: 'pool1' },
          ...integration,
        },
      },
      {
        test: {
          name: 'integration-pglite',
          include: ONE_CONNECTION_FILES,
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/integration/global-setup-pglite.ts'],
          ...integration,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: two cores are shared with the server and PostgreSQL.
          fileParallelism: false,
          // expect.poll's own default (1 s) covers an API call, a render and a
          // chunk's load in a browser on a loaded machine: too short.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

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
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      'web/vitest.config.ts',
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
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
        },
      },
    ],
  },
});

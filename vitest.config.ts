import { defineConfig } from 'vitest/config';

// Three projects, run by scripts/test.ts:
//   unit  – pure logic, no database (fast)
//   int   – integration tests against a real database; run twice, once on PGlite and once on
//           PostgreSQL (XUANBAO_TEST_DB=pglite|pg, TEST_PG_URL set by the orchestrator)
//   e2e   – real Chromium driven by playwright-core against a running server
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'cli/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
          // Property tests run hundreds of cases; on a loaded 2-core machine 5 s is too tight.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['server/**/*.int.test.ts', 'cli/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['e2e/global-setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Three groups, run one after another (`sequence.groupOrder`): the fast unit and API
 * suites in parallel; then the load test alone, since it measures the machine; then the
 * browser tests, one Chromium at a time on this two-core machine.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['client/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/reliability/load.test.ts', 'node_modules/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['widget/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'console',
          environment: 'happy-dom',
          include: ['console/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'load',
          environment: 'node',
          include: ['test/reliability/load.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

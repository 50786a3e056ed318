import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**'],
    // Every temp folder the tests make lives in one folder of this run, removed at its end (test/setup/temp-dir.ts).
    globalSetup: ['test/setup/temp-dir.ts'],
    // Tests start real servers and a real browser; two cores, so keep workers few and timeouts generous.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

/** Browser tests: the built test extension (.output-test) in Debian's Chromium via playwright-core. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});

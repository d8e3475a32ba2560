import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig(({ mode }) => ({
  plugins: [WxtVitest()],
  // Unit tests run the code as release builds compile it (wxt.config.ts defines the same switch).
  define: { __ANGLE_MORT_TEST__: 'false' },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest's default in `run` mode is one worker fewer than the CPUs: a single worker on CI's 2 cores, which
    // left a core idle through the whole unit suite (the main process only schedules and reports). Tests use
    // every core; benchmarks (`vitest bench`, mode "benchmark") keep the default so two never share the CPUs.
    ...(mode === 'benchmark' ? {} : { maxWorkers: Math.max(availableParallelism(), 1) }),
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
}));

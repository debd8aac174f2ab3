import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Files named *.db.test.ts touch the database (store and API tests): they run once per dialect.
// Other tests run once. Browser tests (*.browser.test.ts) need Debian's chromium.
// expect.poll waits for what a page or a background job shows: Vitest's default of one second is shorter than a
// chromium page load on a loaded 2-core CI machine, so polls wait up to 15 s (a test that is right stops at once).
const shared = { testTimeout: 30_000, hookTimeout: 60_000, expect: { poll: { timeout: 15_000, interval: 50 } } };
const common = ['node_modules/**', 'web/**', 'scratch/**'];

export default defineConfig({
  test: {
    // Vitest's default (cores - 1) runs ONE file at a time on CI's 2 cores, though most of a test file's time is
    // spent waiting (HTTP round trips, child processes, PGlite): one more worker than cores overlaps the waits.
    maxWorkers: availableParallelism() + 1,
    projects: [
      { test: { ...shared, name: 'unit', include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'], exclude: [...common, '**/*.db.test.ts', '**/*.browser.test.ts', '**/*.redis.test.ts'], env: { TRIBUNE_TEST_DB: 'sqlite' } } },
      { test: { ...shared, name: 'sqlite', include: ['**/*.db.test.ts'], exclude: common, env: { TRIBUNE_TEST_DB: 'sqlite' } } },
      { test: { ...shared, name: 'pg', include: ['**/*.db.test.ts'], exclude: common, env: { TRIBUNE_TEST_DB: 'pg' } } },
      { test: { ...shared, name: 'browser', include: ['**/*.browser.test.ts'], exclude: common, env: { TRIBUNE_TEST_DB: 'sqlite' } } },
      { test: { ...shared, name: 'redis', include: ['**/*.redis.test.ts'], exclude: common, env: { TRIBUNE_TEST_DB: 'sqlite' } } },
    ],
  },
});

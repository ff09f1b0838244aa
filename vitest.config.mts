import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: pure code, the Drizzle schema over PGlite and files read as data — no Temporal
 * dev server, no stripe-mock, no global setup (`npm run test:unit`, seconds). `integration`: everything
 * that needs the real dev server, stripe-mock or a worker (global setup starts them once per run).
 */
const UNIT = ['test/unit/**/*.test.ts', 'test/db/**/*.test.ts'];
// In the unit folders but composed over the real platform (a Temporal client): integration.
const UNIT_FOLDER_INTEGRATION = [
  'test/unit/readme-config.test.ts',
  'test/db/ops-retention.test.ts',
  'test/db/ledger-retention.test.ts',
];

export default defineConfig({
  test: {
    // Temporal's native bridge is happiest in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A green run prints dots and the summary; a failing test shows its own console output.
    reporters: ['dot'],
    silent: 'passed-only',
    // The AWS SDK pinned in package.json is the last line that runs on Node 20; on Node 20 it warns once per
    // process that later releases need Node 22 (README "Development"). Known; kept out of green runs.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          exclude: UNIT_FOLDER_INTEGRATION,
          globalSetup: ['test/support/test-data-root.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/!(unit|db)/**/*.test.ts', ...UNIT_FOLDER_INTEGRATION],
          globalSetup: ['test/support/test-data-root.ts', 'test/support/global-setup.ts'],
          setupFiles: ['test/support/quiet-runtime.ts'],
        },
      },
    ],
  },
});

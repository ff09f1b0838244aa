/**
 * `npm run histories:refresh`: captures the workflow histories the replay test (test/workflows/history-replay.test.ts)
 * replays, from real runs: the integration tests below run on a fresh dev server, and before it stops, one history
 * per fixture is kept from the runs they made (test/support/history-capture.ts). Run it deliberately, after a
 * change that is meant to alter history (behind patched(), see README "Deploying a new version"), and commit the result.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HISTORY_FIXTURES } from '../test/support/history-capture';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'histories');
// The tests whose runs cover every fixture: processTask's shapes, payments, each routine.
const SOURCES = [
  'test/workflows/process-task.test.ts',
  'test/workflows/media-task.test.ts',
  'test/workflows/task-interruptions.test.ts',
  'test/llm/llm-task-queue.test.ts',
  'test/workflows/notion-intake.test.ts',
  'test/workflows/health-probe.test.ts',
  'test/workflows/auto-operator.test.ts',
  'test/workflows/replay-routines.test.ts',
  'test/workflows/predictive-alerts.test.ts',
  'test/workflows/scheduled-report.test.ts',
  'test/payments/create-invoice.test.ts',
  'test/payments/invoice-expiry.test.ts',
  'test/payments/refunds.test.ts',
  'test/payments/reconciliation.test.ts',
  'test/audit/audit-api.test.ts',
];
// Values the tests use as credentials: a fixture must never carry one.
const SECRET_MARKERS = ['sk-test-fake-key', 'sk_test_', 'whsec_'];

function tool(script: string): string {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return r.stdout.trim();
}

const out = mkdtempSync(path.join(os.tmpdir(), 'echopilot-histories-'));
try {
  const env = {
    ...process.env,
    TEMPORAL_CLI_PATH: tool('ensure-temporal.sh'),
    STRIPE_MOCK_PATH: tool('ensure-stripe-mock.sh'),
    FFMPEG_PATH: tool('ensure-ffmpeg.sh'),
    HISTORIES_CAPTURE_DIR: out,
  };
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...SOURCES], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('the source tests failed: fixtures left as they were');
  const missing = HISTORY_FIXTURES.filter((name) => !existsSync(path.join(out, `${name}.json`)));
  if (missing.length) throw new Error(`no run produced: ${missing.join(', ')}`);
  for (const file of readdirSync(out)) {
    const text = readFileSync(path.join(out, file), 'utf8');
    const leaked = SECRET_MARKERS.find((m) => text.includes(m));
    if (leaked) throw new Error(`${file} carries a credential-like value (${leaked}…): fixtures left as they were`);
  }
  rmSync(FIXTURES, { recursive: true, force: true });
  cpSync(out, FIXTURES, { recursive: true });
  console.log(`wrote ${HISTORY_FIXTURES.length} histories to ${path.relative(ROOT, FIXTURES)}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

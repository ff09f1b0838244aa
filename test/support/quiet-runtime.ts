import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

// Workers in tests log state changes at INFO; keep warnings and errors, the native core's included
// (forwarded, else it prints straight to stderr), and send them through the console so vitest shows
// them only beside a failing test (`silent: 'passed-only'`): a green run's expected failures stay quiet.
const toConsole = (entry: LogEntry) => console.warn(`[${entry.level}] ${entry.message}`, entry.meta ?? '');
try {
  Runtime.install({
    logger: new DefaultLogger('WARN', toConsole),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
} catch {
  // already installed in this process
}

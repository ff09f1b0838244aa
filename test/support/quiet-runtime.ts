import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

// Workers in tests log state changes at INFO; keep warnings and errors, and send them through the console
// (not straight to stderr) so vitest shows them only beside a failing test (`silent: 'passed-only'`):
// the expected failures of a green run stay out of its output.
const toConsole = (entry: LogEntry) => console.warn(`[${entry.level}] ${entry.message}`, entry.meta ?? '');
try {
  Runtime.install({ logger: new DefaultLogger('WARN', toConsole) });
} catch {
  // already installed in this process
}

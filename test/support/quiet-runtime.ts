import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log state changes at INFO; keep the output to warnings and errors.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

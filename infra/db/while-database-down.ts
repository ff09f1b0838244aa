import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseDownFailure, queryFailure } from './query-error';

/**
 * Runs `fn` again while it fails only because the database is away (stopped, restarting), with backoff
 * up to 5 s, for at most `maxWaitMs`; any other failure, or one past that time, is thrown as it is.
 * For work that cannot be retried by anyone else, such as encoding a payload the Temporal worker sends.
 */
export async function whileDatabaseDown<T>(fn: () => Promise<T>, maxWaitMs = 300_000): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await fn();
    } catch (err) {
      const f = queryFailure(err);
      if (!f || !isDatabaseDownFailure(f) || Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}

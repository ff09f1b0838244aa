import type { TestPlatform } from './test-platform';
import { createTestWorker } from './temporal';

/** Starts a worker on the platform's task queue; `close()` stops it, then closes the platform. */
export async function runWorkerFor(p: TestPlatform, namespace?: string) {
  const { worker, connection } = await createTestWorker(p.taskQueue, p.activities, undefined, namespace);
  const done = worker.run();
  return {
    p,
    async close() {
      worker.shutdown();
      await done;
      await connection.close();
      await p.close();
    },
  };
}

/** Runs `fn` while a worker serves the platform's task queue, and stops the worker after it. */
export async function withWorker<T>(p: TestPlatform, fn: () => Promise<T>): Promise<T> {
  const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
  try {
    return await worker.runUntil(fn());
  } finally {
    await connection.close();
  }
}

import type { Worker } from '@temporalio/worker';
import type { Logger } from '../infra/logger';
import { restartBudget, restartWithin, type RestartBudget } from '../infra/system/restart-budget';

/** A worker and, when it has one of its own, the way to close its connection. */
export interface WorkerUnit {
  worker: Worker;
  /**
   * Closes the worker's own connection. A worker that failed can leave polls open on its connection that
   * go on taking tasks nothing runs (each lost until its timeout); closing the connection ends them.
   * Absent when the connection is shared (the all-in-one API's client, for eager workflow start).
   */
  close?: () => Promise<void>;
}

export interface SupervisedWorker {
  /** The worker running now: a new one after each restart. */
  readonly current: Worker;
  /** How many times the worker has been replaced after failing. */
  readonly restarts: number;
  /** Settles once the worker has stopped for good: after `shutdown()`, or after giving up. */
  readonly done: Promise<void>;
  /** Graceful stop (in-flight activities finish within the worker's shutdown grace time). */
  shutdown(): void;
}

export interface SuperviseWorkerOptions {
  /** Names the worker in logs (`worker`, `LLM worker <queue>`). */
  name: string;
  /** Builds a replacement, on a connection of its own. */
  create: () => Promise<WorkerUnit>;
  logger: Logger;
  /** Called once when the worker cannot be replaced: the process should stop and exit non-zero. */
  onGiveUp: (err: unknown) => void;
  budget?: RestartBudget;
}

/**
 * Runs a Temporal worker and replaces it when it stops with an error. The SDK ends `Worker.run()` on an
 * error it cannot recover from (a payload the codec could not encode, a lost native worker); without this
 * the process lived on without that worker, and every task of its queue waited until someone restarted it.
 * The attempt in flight when it failed times out on the server and is retried on the replacement.
 */
export function superviseWorker(first: WorkerUnit, o: SuperviseWorkerOptions): SupervisedWorker {
  const budget = o.budget ?? restartBudget();
  const stopping = new AbortController();
  let current = first;
  let restarts = 0;

  const giveUp = (err: unknown, why: string) => {
    o.logger.fatal({ err, worker: o.name }, `${o.name} ${why}: giving up`);
    o.onGiveUp(err);
    return false;
  };

  async function replace(err: unknown): Promise<boolean> {
    if (!current.close) return giveUp(err, 'failed on a shared connection, so it cannot be replaced in place');
    await current.close().catch((closeErr: unknown) => o.logger.warn({ err: closeErr }, 'closing a failed worker'));
    const next = await restartWithin(budget, err, {
      start: o.create,
      onPause: (failure, delayMs) =>
        o.logger.error({ err: failure, worker: o.name, restartInMs: delayMs }, `${o.name} stopped with an error`),
      signal: stopping.signal,
    });
    if (next === 'stopped') return false;
    if ('gaveUp' in next) return giveUp(next.gaveUp, 'keeps failing');
    current = next.started;
    if (stopping.signal.aborted) return false;
    restarts++;
    o.logger.warn({ worker: o.name, restarts }, `${o.name} restarted`);
    return true;
  }

  const done = (async () => {
    for (;;) {
      try {
        await current.worker.run();
        break; // shut down on request
      } catch (err) {
        if (stopping.signal.aborted) {
          o.logger.error({ err, worker: o.name }, `${o.name} stopped with an error while shutting down`);
          break;
        }
        if (!(await replace(err))) return;
      }
    }
    await current.close?.();
  })();

  return {
    get current() {
      return current.worker;
    },
    get restarts() {
      return restarts;
    },
    done,
    shutdown() {
      stopping.abort();
      if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
    },
  };
}

import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** Connects, retrying for a while: the server may still be starting (compose, restarts). */
async function withRetry<T>(what: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`Cannot reach Temporal (${what}): ${(err as Error).message}`, { cause: err });
      }
      await sleep(500);
    }
  }
}

export async function connectClient(target: TemporalTarget, timeoutMs = 30_000): Promise<Client> {
  const connection = await withRetry(target.address, () => Connection.connect({ address: target.address }), timeoutMs);
  return new Client({ connection, namespace: target.namespace });
}

export function connectWorkerConnection(target: TemporalTarget, timeoutMs = 30_000): Promise<NativeConnection> {
  return withRetry(target.address, () => NativeConnection.connect({ address: target.address }), timeoutMs);
}

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Activities } from '../../activities';

export const temporalAddress = () => inject('temporalAddress');

export async function testClient(dataConverter?: DataConverter, namespace = 'default'): Promise<Client> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return new Client({ connection, namespace, ...(dataConverter ? { dataConverter } : {}) });
}

/** A task queue no other test uses, so workers never steal each other's tasks. */
export const uniqueTaskQueue = (name = 'test') => `${name}-${randomUUID()}`;

/** A real worker on the shared dev server, running the workflow bundle built once in global setup. */
export async function createTestWorker(
  taskQueue: string,
  activities: Partial<Activities>,
  /** Payload codec (encrypted test platforms); the bundle always carries the failure converter. */
  dataConverter?: DataConverter,
  /** A namespace of its own (test/support/own-namespace.ts); the shared `default` otherwise. */
  namespace?: string,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await Worker.create({
    connection,
    taskQueue,
    ...(namespace ? { namespace } : {}),
    activities,
    workflowBundle: { code: inject('workflowBundleCode') },
    ...(dataConverter ? { dataConverter } : {}),
  });
  return { worker, connection };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { temporalAddress } from './temporal';

const { IndexedValueType } = temporal.api.enums.v1;

/**
 * A namespace of its own on the shared dev server, with the platform's search attributes, for a test
 * that acts on the platform's real schedule ids (Stop/Start Scheduler) without touching the suites
 * that do the same in `default`. Idempotent; waits until the server serves it.
 */
export async function ownNamespace(namespace: string): Promise<void> {
  const connection = await Connection.connect({ address: temporalAddress() });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') })
      .catch((err: { code?: number }) => {
        if (err.code !== 6) throw err; // ALREADY_EXISTS
      });
    const wanted = Object.fromEntries(
      CUSTOM_SEARCH_ATTRIBUTES.map((a) => [a.name, IndexedValueType[`INDEXED_VALUE_TYPE_${a.type}`]]),
    );
    // A new namespace reaches the server's cache within seconds; until then calls on it fail.
    for (let i = 0; ; i++) {
      try {
        const have = await connection.operatorService.listSearchAttributes({ namespace });
        const known = new Set(Object.keys(have.customAttributes ?? {}));
        const missing = Object.entries(wanted).filter(([name]) => !known.has(name));
        if (missing.length > 0) {
          await connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(missing),
          });
        }
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (i >= 60) throw err;
        await sleep(500);
      }
    }
  } finally {
    await connection.close();
  }
}

import type { DataKeyStore } from '../db/repositories/data-keys';
import { clientOwner, PLATFORM_OWNER } from './key-ring';

const MAX_CACHED = 10_000;

/**
 * Which data key a workflow's payloads are encrypted under. Codecs see no workflow state, only the
 * SDK's serialization context (the workflow id, also for its activities), so the owner is found from
 * the business key in the id: `task-<taskId>` → the task's client, `invoice-<invoiceId>` → the
 * invoice's, `refund-<paymentId>` → the payment's. Everything else (routines, intake, reports) and a
 * task without a client uses the platform key. An owner never changes, so found owners are cached.
 */
export function createPayloadOwners(store: DataKeyStore) {
  const cache = new Map<string, string>();
  const lookups: [string, (id: string) => Promise<{ clientId: string | null } | undefined>][] = [
    ['task-', (id) => store.taskClient(id)],
    ['invoice-', (id) => store.invoiceClient(id)],
    ['refund-', (id) => store.paymentClient(id)],
  ];
  return {
    async ownerOf(workflowId: string | undefined): Promise<string> {
      if (!workflowId) return PLATFORM_OWNER;
      const cached = cache.get(workflowId);
      if (cached) return cached;
      const match = lookups.find(([prefix]) => workflowId.startsWith(prefix));
      if (!match) return PLATFORM_OWNER;
      const row = await match[1](workflowId.slice(match[0].length));
      const owner = row?.clientId ? clientOwner(row.clientId) : PLATFORM_OWNER;
      // A row not written yet may still appear (and name a client): only a found row is final.
      if (row) {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
        cache.set(workflowId, owner);
      }
      return owner;
    },
  };
}

export type PayloadOwners = ReturnType<typeof createPayloadOwners>;

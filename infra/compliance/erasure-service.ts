import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { ErasureOutcome } from '../../domain/contracts/dsr-fulfilment';
import { retentionEnd } from '../../domain/dsr-fulfilment-rules';
import type { Config } from '../config/load-config';
import type { KeyRing } from '../crypto/key-ring';
import type { AuditLog } from '../db/repositories/audit-log';
import type { ErasureStore } from '../db/repositories/erasure-store';
import type { NotionGateway } from '../notion/notion-gateway';
import { stripeFailure } from '../payments/stripe-failures';
import type { NotionClientRows } from './notion-client-rows';
import { erasePages } from './notion-page-erasure';

export interface ErasureServiceDeps {
  store: ErasureStore;
  audit: Pick<AuditLog, 'append'>;
  /** The codec's key ring (its caches forget the key at once), or a store-only shredder. */
  payloadKeys: Pick<KeyRing, 'destroyClientDataKey'>;
  stripe?: Stripe;
  notion?: NotionGateway;
  notionConfig: Config['notion'];
  /** Set with CLIENT_DB_ID. */
  clientRows?: NotionClientRows;
  retentionYears: number;
  /** Ends a running workflow (a no-op when it has already closed). */
  terminateWorkflow: (workflowId: string, reason: string) => Promise<void>;
}

const notConfigured = (what: string) =>
  ApplicationFailure.create({
    type: 'erasure_not_configured',
    message: `${what} holds the person's data but is not configured here; configure it and retry the erasure`,
    nonRetryable: true,
  });

/**
 * Erasure (Art. 17) of everything the platform holds about one email address. Outside systems go
 * first (their ids live in the rows the database pass anonymises), then the database in one
 * transaction, then the clients' payload data keys; the audit entry and the stored outcome last.
 * Every step is safe to repeat, and a completed ticket answers its stored outcome.
 */
export function createErasureService(deps: ErasureServiceDeps) {
  const { store } = deps;

  async function eraseNotion(clientIds: string[], email: string) {
    const pages = await store.notionPages(clientIds);
    const clientRows = deps.clientRows ? await deps.clientRows.find(clientIds, [email]) : [];
    const any = pages.queue.length + pages.jobLog.length + pages.automationLog.length + clientRows.length > 0;
    const g = deps.notion;
    if (!any) return { queue: 0, jobLog: 0, automationLog: 0, clientRows: 0 };
    if (!g) throw notConfigured('Notion (NOTION_TOKEN)');
    const { queueDbId, jobLogDbId, automationLogDbId, properties: n } = deps.notionConfig;
    return {
      queue: await erasePages(g, queueDbId, pages.queue, {
        [n.queue.title]: 'Erased',
        [n.queue.prompt]: null,
        [n.queue.result]: null,
        [n.queue.error]: null,
        [n.queue.mediaUrl]: null,
        [n.queue.client]: null,
      }),
      jobLog: await erasePages(g, jobLogDbId, pages.jobLog, { [n.jobLog.title]: 'Erased' }),
      automationLog: await erasePages(g, automationLogDbId, pages.automationLog, {
        [n.automationLog.title]: 'Erased',
        [n.automationLog.detail]: null,
      }),
      clientRows: clientRows.length ? await deps.clientRows!.erase(clientRows) : 0,
    };
  }

  async function deleteStripeCustomers(clientIds: string[]): Promise<number> {
    const ids = await store.stripeCustomerIds(clientIds);
    if (ids.length === 0) return 0;
    if (!deps.stripe) throw notConfigured('Stripe (STRIPE_SECRET_KEY)');
    for (const id of ids) {
      try {
        await deps.stripe.customers.del(id);
      } catch (err) {
        // Deleted by an earlier try whose database pass did not run yet: the goal is reached.
        if ((err as { code?: string }).code === 'resource_missing') continue;
        throw stripeFailure(err, 'delete the customer');
      }
    }
    return ids.length;
  }

  return {
    async erase(ticketId: string, email: string): Promise<ErasureOutcome> {
      const known = await store.record(ticketId);
      if (known?.outcome) return known.outcome;
      const { clientIds } = known ?? (await store.begin(ticketId, await store.clientIdsByEmail(email)));
      const erasedAt = known?.startedAt ?? new Date();
      const until = retentionEnd(erasedAt, deps.retentionYears);

      // Running work of the person ends first: once their key is gone its histories could not go on.
      for (const id of await store.inFlightWorkflowIds(clientIds))
        await deps.terminateWorkflow(id, `erased by data subject request ${ticketId}`);
      const notion = await eraseNotion(clientIds, email);
      const stripeCustomers = await deleteStripeCustomers(clientIds);
      const db = await store.eraseRows(ticketId, clientIds, email, until);
      for (const id of clientIds) await deps.payloadKeys.destroyClientDataKey(id);

      const outcome: ErasureOutcome = {
        erased: [
          { place: 'clients', count: db.clients },
          { place: 'tasks', count: db.tasks },
          { place: 'task attempts', count: db.taskAttempts },
          { place: 'unsubscribes', count: db.unsubscribes },
          { place: 'notion queue pages', count: notion.queue },
          { place: 'notion job log rows', count: notion.jobLog },
          { place: 'notion automation log rows', count: notion.automationLog },
          { place: 'notion client rows', count: notion.clientRows },
          { place: 'stripe customers', count: stripeCustomers },
        ],
        retained: [
          { place: 'invoices', count: db.invoices, until: until.toISOString() },
          { place: 'payments', count: db.payments, until: until.toISOString() },
          { place: 'refunds', count: db.refunds, until: until.toISOString() },
        ],
        keysDestroyed: await store.destroyedKeyCount(clientIds),
      };
      // Ids and counts only: the entry outlives the person's data and must not name them.
      await deps.audit.append({
        actor: 'system:dsr',
        action: AUDIT_ACTIONS.dsrErasure,
        subject: ticketId,
        details: { clientIds, ...outcome },
        dedupeKey: `dsr-erasure:${ticketId}`,
      });
      await store.complete(ticketId, outcome);
      return outcome;
    },
  };
}
export type ErasureService = ReturnType<typeof createErasureService>;

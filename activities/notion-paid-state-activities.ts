import type { InvoiceStatus } from '../domain/payments';
import { encodeClientProperties, updateClientRow } from '../infra/notion/client-rows';
import { encodeProperties } from '../infra/notion/property-values';
import { heartbeat } from './activity-context';
import { clientMoneyValues } from './client-money';
import type { NotionMoneyDeps } from './notion-money-deps';
import { mapNotionError } from './notion-effects';

/** What the `Payment` property of a task row says for each paid state. */
const PAYMENT_LABEL: Partial<Record<InvoiceStatus, string>> = {
  paid: 'Paid',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export interface PaidStateSummary {
  invoices: number;
  taskRows: number;
  clientRows: number;
}

export function createNotionPaidStateActivities(deps: NotionMoneyDeps) {
  const { payments: d, notionConfig: cfg } = deps;
  return {
    /**
     * Writes each paid (or refunded) invoice's state to the Notion rows of its tasks (`Payment`) and
     * of its client (money fields, `Last Payment`), whichever way the payment arrived. The state
     * written is stored on the invoice, so a run writes only what changed; writes are plain property
     * updates, so a retry repeats them harmlessly. Without Notion, or without both databases, nothing.
     */
    async writePaidStateToNotion(): Promise<PaidStateSummary> {
      const out: PaidStateSummary = { invoices: 0, taskRows: 0, clientRows: 0 };
      const g = deps.notion;
      if (!g || (!cfg.queueDbId && !cfg.clientDbId)) return out;
      const pending = await d.reconciliationReads.notionStatePending();
      if (pending.length === 0) return out;
      try {
        const queue = cfg.queueDbId ? await g.dataSource(cfg.queueDbId) : undefined;
        const clientDb = cfg.clientDbId ? await g.dataSource(cfg.clientDbId) : undefined;
        const q = cfg.properties.queue;
        const n = cfg.properties.clients;
        for (const inv of pending) {
          heartbeat(inv.id);
          const label = PAYMENT_LABEL[inv.status] ?? inv.status;
          if (queue)
            for (const t of await d.reconciliationReads.taskPages(inv.taskIds)) {
              await g.updatePage(t.pageId, encodeProperties(queue.types, { [q.payment]: label }));
              out.taskRows++;
            }
          const client = clientDb ? await d.clients.get(inv.clientId) : undefined;
          if (clientDb && client?.notionPageId) {
            const money = await clientMoneyValues(deps.clientBudget.stats, n, client, d.config.payments.currency);
            const props = { ...money, [n.lastPayment]: inv.paidAt ?? undefined };
            const editedAt = await updateClientRow(
              g,
              client.notionPageId,
              encodeClientProperties(clientDb.types, props),
            );
            await d.clientNotionLinks.noteOwnWrite(client.id, editedAt);
            out.clientRows++;
          }
          await d.reconciliationReads.setNotionState(inv.id, inv.status);
          out.invoices++;
        }
      } catch (err) {
        throw mapNotionError(err, 'paid state');
      }
      return out;
    },
  };
}

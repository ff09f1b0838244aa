import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { invoices, jobs } from '../schema';

/** Tasks whose result a client may receive: finished with a result (QA-passed or kept as low_qa). */
const DELIVERABLE = ['done', 'low_qa'];
const MAX_ITEMS = 200;

export interface DeliverableResult {
  taskId: string;
  title: string;
  result: string;
  completedAt: Date | null;
}

/** What the client page shows: one client's finished results and invoices, nothing of any other client. */
export function createDeliveryData(db: Db) {
  const resultCols = { taskId: jobs.taskId, title: jobs.title, result: jobs.result, completedAt: jobs.completedAt };
  const deliverable = (clientId: string) =>
    and(eq(jobs.clientId, clientId), inArray(jobs.status, DELIVERABLE), isNotNull(jobs.result));
  return {
    async results(clientId: string, taskId?: string): Promise<DeliverableResult[]> {
      const rows = await db
        .select(resultCols)
        .from(jobs)
        .where(and(deliverable(clientId), taskId ? eq(jobs.taskId, taskId) : undefined))
        .orderBy(desc(jobs.completedAt), desc(jobs.taskId))
        .limit(MAX_ITEMS);
      return rows.map((r) => ({ ...r, result: r.result ?? '' }));
    },
    async result(clientId: string, taskId: string): Promise<DeliverableResult | undefined> {
      const [row] = await this.results(clientId, taskId);
      return row;
    },
    /** The client's invoices; with a task, only those that bill it. */
    async invoices(clientId: string, taskId?: string) {
      return db
        .select({
          id: invoices.id,
          status: invoices.status,
          amountCents: invoices.amountCents,
          currency: invoices.currency,
          checkoutUrl: invoices.checkoutUrl,
          expiresAt: invoices.expiresAt,
          createdAt: invoices.createdAt,
        })
        .from(invoices)
        .where(
          and(
            eq(invoices.clientId, clientId),
            taskId ? sql`${invoices.taskIds} @> ${JSON.stringify([taskId])}::jsonb` : undefined,
          ),
        )
        .orderBy(desc(invoices.createdAt))
        .limit(MAX_ITEMS);
    },
  };
}
export type DeliveryData = ReturnType<typeof createDeliveryData>;

import { and, desc, eq, gte, inArray, lt, notExists, sql, type SQL } from 'drizzle-orm';
import type { InvoiceStatus } from '../../../domain/payments';
import type { Db } from '../open-database';
import { invoices, invoiceTasks, jobs } from '../schema';
import type { InvoiceRow } from './invoices';

/** Finished tasks are billable; a task on a live (not expired or failed) invoice is not billed again. */
const FINISHED = ['done', 'low_qa'];
const onLiveInvoice = (db: Db) =>
  db
    .select({ one: sql`1` })
    .from(invoiceTasks)
    .where(and(eq(invoiceTasks.taskId, jobs.taskId), eq(invoiceTasks.released, false)));

export interface InvoiceListFilter {
  clientId?: string;
  status?: InvoiceStatus;
  limit: number;
  cursor?: { createdAt: Date; id: string };
}

/** Invoices made from the work: which tasks are billable, and the invoice written with its tasks at once. */
export function createInvoiceWork(db: Db) {
  return {
    /** The client's finished tasks not on a live invoice, completed in [from, to) when given. */
    async billable(clientId: string, range: { from?: Date; to?: Date }) {
      const conds: SQL[] = [eq(jobs.clientId, clientId), inArray(jobs.status, FINISHED), notExists(onLiveInvoice(db))];
      if (range.from) conds.push(gte(jobs.completedAt, range.from));
      if (range.to) conds.push(lt(jobs.completedAt, range.to));
      return db
        .select({ taskId: jobs.taskId, title: jobs.title, mediaSeconds: jobs.mediaSeconds })
        .from(jobs)
        .where(and(...conds))
        .orderBy(jobs.completedAt, jobs.taskId)
        .limit(500);
    },
    async tasks(taskIds: string[]) {
      if (taskIds.length === 0) return [];
      return db
        .select({
          taskId: jobs.taskId,
          title: jobs.title,
          mediaSeconds: jobs.mediaSeconds,
          clientId: jobs.clientId,
          status: jobs.status,
        })
        .from(jobs)
        .where(inArray(jobs.taskId, taskIds));
    },
    /** Of these tasks, the ones already on a live invoice. */
    async alreadyInvoiced(taskIds: string[]): Promise<string[]> {
      if (taskIds.length === 0) return [];
      const rows = await db
        .select({ id: invoiceTasks.taskId })
        .from(invoiceTasks)
        .where(and(inArray(invoiceTasks.taskId, taskIds), eq(invoiceTasks.released, false)));
      return rows.map((r) => r.id);
    },
    /**
     * The invoice and its task links in one transaction: the partial unique index on invoice_tasks refuses
     * a task already on a live invoice (a concurrent duplicate fails as a whole, nothing half-written).
     */
    async insertWithTasks(
      row: typeof invoices.$inferInsert,
      taskIds: string[],
      /** More writes that stand or fall with the invoice (referral claims). */
      alongside?: (tx: Db) => Promise<void>,
    ): Promise<InvoiceRow> {
      return db.transaction(async (tx) => {
        const [created] = await tx.insert(invoices).values(row).returning();
        if (taskIds.length > 0)
          await tx.insert(invoiceTasks).values(taskIds.map((taskId) => ({ invoiceId: row.id, taskId })));
        if (alongside) await alongside(tx);
        return created!;
      });
    },
    /** Newest first; the cursor is the last row of the previous page. */
    async list(f: InvoiceListFilter): Promise<InvoiceRow[]> {
      const conds: SQL[] = [];
      if (f.clientId) conds.push(eq(invoices.clientId, f.clientId));
      if (f.status) conds.push(eq(invoices.status, f.status));
      if (f.cursor)
        conds.push(
          sql`(${invoices.createdAt}, ${invoices.id}) < (${f.cursor.createdAt.toISOString()}::timestamptz, ${f.cursor.id})`,
        );
      return db
        .select()
        .from(invoices)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(invoices.createdAt), desc(invoices.id))
        .limit(f.limit);
    },
  };
}
export type InvoiceWork = ReturnType<typeof createInvoiceWork>;

import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { clients, erasureRecords, invoices, jobAttempts, jobs, payments, refunds, unsubscribes } from '../schema';

/** Counts of what one pass over the database did; each is the same on a repeated pass (no "not yet" filters). */
export interface DatabaseErasureCounts {
  clients: number;
  tasks: number;
  taskAttempts: number;
  unsubscribes: number;
  invoices: number;
  payments: number;
  refunds: number;
}

export const lowerEmail = (email: string) => email.trim().toLowerCase();
/** The replaced identity of a retained invoice: `.invalid` (RFC 2606) can never receive mail. */
const placeholderEmail = sql`'erased-' || ${invoices.clientId} || '@erased.invalid'`;
const taskIdsOf = (db: Pick<Db, 'select'>, clientIds: string[]) =>
  db.select({ id: jobs.taskId }).from(jobs).where(inArray(jobs.clientId, clientIds));

/**
 * Anonymises the person's rows in one transaction. Tasks keep their ids, costs and statuses (finance
 * totals, the links of retained invoices) but lose every text; invoices, payments and refunds are
 * kept for the retention period with the address replaced and processing restricted.
 */
export async function eraseSubjectRows(
  db: Db,
  ticketId: string,
  clientIds: string[],
  email: string,
  retainUntil: Date,
): Promise<DatabaseErasureCounts> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [done] = await tx
      .select({ counts: erasureRecords.databaseCounts })
      .from(erasureRecords)
      .where(eq(erasureRecords.ticketId, ticketId))
      .for('update');
    if (done?.counts) return done.counts as unknown as DatabaseErasureCounts;
    const byClient = clientIds.length > 0;
    const attempts = byClient
      ? await tx
          .update(jobAttempts)
          .set({ feedback: null, output: null })
          .where(inArray(jobAttempts.taskId, taskIdsOf(tx, clientIds)))
          .returning({ id: jobAttempts.taskId })
      : [];
    const tasks = byClient
      ? await tx
          .update(jobs)
          .set({
            title: '[erased]',
            prompt: '',
            result: null,
            mediaUrl: null,
            failureReason: null,
            idempotencyKey: null,
            notionPageId: null,
            updatedAt: now,
          })
          .where(inArray(jobs.clientId, clientIds))
          .returning({ id: jobs.taskId })
      : [];
    // Invoices of these clients, and any other invoice addressed to the person.
    const invoiceMatch = byClient
      ? or(inArray(invoices.clientId, clientIds), eq(invoices.email, lowerEmail(email)))
      : eq(invoices.email, lowerEmail(email));
    const kept = await tx
      .update(invoices)
      .set({
        email: placeholderEmail,
        processingRestrictedAt: sql`coalesce(${invoices.processingRestrictedAt}, ${now.toISOString()}::timestamptz)`,
        retainUntil: sql`coalesce(${invoices.retainUntil}, ${retainUntil.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(invoiceMatch)
      .returning({ id: invoices.id });
    const keptIds = kept.map((r) => r.id);
    // An unpaid invoice of an erased person is no longer collectable (its workflow was terminated).
    if (keptIds.length)
      await tx
        .update(invoices)
        .set({ status: 'expired', expiredAt: now })
        .where(and(inArray(invoices.id, keptIds), inArray(invoices.status, ['pending', 'open'])));
    const paid = keptIds.length
      ? await tx.select({ id: payments.id }).from(payments).where(inArray(payments.invoiceId, keptIds))
      : [];
    // An operator's refund reason is free text that may name the person; the amounts stay.
    const returned = keptIds.length
      ? await tx
          .update(refunds)
          .set({ reason: null })
          .where(inArray(refunds.invoiceId, keptIds))
          .returning({ id: refunds.id })
      : [];
    const unsubscribed = await tx
      .delete(unsubscribes)
      .where(eq(unsubscribes.email, lowerEmail(email)))
      .returning({ id: unsubscribes.id });
    const anonymised = byClient
      ? await tx
          .update(clients)
          .set({
            email: null,
            name: null,
            stripeCustomerId: null,
            notifyOnDone: false,
            erasedAt: sql`coalesce(${clients.erasedAt}, ${now.toISOString()}::timestamptz)`,
            updatedAt: now,
          })
          .where(inArray(clients.id, clientIds))
          .returning({ id: clients.id })
      : [];
    const counts: DatabaseErasureCounts = {
      clients: anonymised.length,
      tasks: tasks.length,
      taskAttempts: attempts.length,
      unsubscribes: unsubscribed.length,
      invoices: kept.length,
      payments: paid.length,
      refunds: returned.length,
    };
    await tx
      .update(erasureRecords)
      .set({ databaseCounts: { ...counts } })
      .where(eq(erasureRecords.ticketId, ticketId));
    return counts;
  });
}

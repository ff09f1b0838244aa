import { and, eq, inArray, isNotNull, like, ne, or, sql } from 'drizzle-orm';
import type { ErasureOutcome } from '../../../domain/contracts/dsr-fulfilment';
import type { Db } from '../open-database';
import { clients, erasureRecords, invoices, jobAttempts, jobs, payloadDataKeys, payments, refunds } from '../schema';
import { unsubscribes } from '../schema';

export type ErasureRecord = typeof erasureRecords.$inferSelect;

/** Where the platform wrote Notion pages for these clients, by database (the ledger keeps every page id). */
export interface SubjectNotionPages {
  queue: string[];
  jobLog: string[];
  automationLog: string[];
}

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

const lower = (email: string) => email.trim().toLowerCase();
/** The replaced identity of a retained invoice: `.invalid` (RFC 2606) can never receive mail. */
const placeholderEmail = sql`'erased-' || ${invoices.clientId} || '@erased.invalid'`;

/** The database side of erasure (Art. 17): finding the person's rows, anonymising them, remembering the ticket. */
export function createErasureStore(db: Db) {
  const taskIdsOf = (clientIds: string[]) =>
    db.select({ id: jobs.taskId }).from(jobs).where(inArray(jobs.clientId, clientIds));

  return {
    async record(ticketId: string): Promise<ErasureRecord | undefined> {
      const [row] = await db.select().from(erasureRecords).where(eq(erasureRecords.ticketId, ticketId));
      return row;
    },
    /** Pins the clients a ticket covers on its first run (a retry finds them after their email is gone). */
    async begin(ticketId: string, clientIds: string[]): Promise<ErasureRecord> {
      await db.insert(erasureRecords).values({ ticketId, clientIds }).onConflictDoNothing();
      return (await this.record(ticketId))!;
    },
    async complete(ticketId: string, outcome: ErasureOutcome): Promise<void> {
      await db
        .update(erasureRecords)
        .set({ outcome, completedAt: new Date() })
        .where(eq(erasureRecords.ticketId, ticketId));
    },

    async clientIdsByEmail(email: string): Promise<string[]> {
      const rows = await db
        .select({ id: clients.id })
        .from(clients)
        .where(eq(clients.email, lower(email)))
        .orderBy(clients.id);
      return rows.map((r) => r.id);
    },
    async stripeCustomerIds(clientIds: string[]): Promise<string[]> {
      if (clientIds.length === 0) return [];
      const rows = await db
        .select({ c: clients.stripeCustomerId })
        .from(clients)
        .where(and(inArray(clients.id, clientIds), isNotNull(clients.stripeCustomerId)));
      return rows.map((r) => r.c!);
    },
    /** Workflows still running for these clients: their tasks in flight and their invoices still payable. */
    async inFlightWorkflowIds(clientIds: string[]): Promise<string[]> {
      if (clientIds.length === 0) return [];
      const tasks = await db
        .select({ id: jobs.workflowId })
        .from(jobs)
        .where(and(inArray(jobs.clientId, clientIds), inArray(jobs.status, ['queued', 'running', 'budget_hold'])));
      const bills = await db
        .select({ id: invoices.workflowId })
        .from(invoices)
        .where(and(inArray(invoices.clientId, clientIds), inArray(invoices.status, ['pending', 'open'])));
      return [...tasks, ...bills].map((r) => r.id);
    },
    /** Queue pages of the clients' tasks and the Job Log / Automation Log rows the publish step recorded. */
    async notionPages(clientIds: string[]): Promise<SubjectNotionPages> {
      if (clientIds.length === 0) return { queue: [], jobLog: [], automationLog: [] };
      const queue = await db
        .select({ id: jobs.notionPageId })
        .from(jobs)
        .where(and(inArray(jobs.clientId, clientIds), isNotNull(jobs.notionPageId)));
      const logs = await db
        .select({ step: jobAttempts.step, id: jobAttempts.output })
        .from(jobAttempts)
        .where(
          and(
            inArray(jobAttempts.taskId, taskIdsOf(clientIds)),
            like(jobAttempts.step, 'notion:%'),
            ne(jobAttempts.step, 'notion:body'), // its output is the queue page itself
            isNotNull(jobAttempts.output),
          ),
        );
      const uniq = (ids: (string | null)[]) => [...new Set(ids.filter((x): x is string => !!x))].sort();
      return {
        queue: uniq(queue.map((r) => r.id)),
        jobLog: uniq(logs.filter((r) => r.step === 'notion:job-log').map((r) => r.id)),
        automationLog: uniq(logs.filter((r) => r.step.startsWith('notion:alog:')).map((r) => r.id)),
      };
    },

    /**
     * Anonymises the person's rows in one transaction. Tasks keep their ids, costs and statuses (finance
     * totals, the links of retained invoices) but lose every text; invoices, payments and refunds are
     * kept for the retention period with the address replaced and processing restricted.
     */
    async eraseRows(
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
              .where(inArray(jobAttempts.taskId, taskIdsOf(clientIds)))
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
          ? or(inArray(invoices.clientId, clientIds), eq(invoices.email, lower(email)))
          : eq(invoices.email, lower(email));
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
          .where(eq(unsubscribes.email, lower(email)))
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
    },

    /** Destroyed data keys of these clients: a state count, so a retried erasure reports the same. */
    async destroyedKeyCount(clientIds: string[]): Promise<number> {
      if (clientIds.length === 0) return 0;
      const owners = clientIds.map((id) => `client:${id}`);
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(payloadDataKeys)
        .where(and(inArray(payloadDataKeys.owner, owners), isNotNull(payloadDataKeys.destroyedAt)));
      return Number(row?.n ?? 0);
    },
  };
}
export type ErasureStore = ReturnType<typeof createErasureStore>;

import { and, eq, inArray, isNotNull, like, ne, sql } from 'drizzle-orm';
import type { ErasureOutcome } from '../../../domain/contracts/dsr-fulfilment';
import type { Db } from '../open-database';
import { clients, erasureRecords, invoices, jobAttempts, jobs, payloadDataKeys } from '../schema';
import { eraseSubjectRows, lowerEmail } from './erasure-rows';

export type { DatabaseErasureCounts } from './erasure-rows';

export type ErasureRecord = typeof erasureRecords.$inferSelect;

/** Where the platform wrote Notion pages for these clients, by database (the ledger keeps every page id). */
export interface SubjectNotionPages {
  queue: string[];
  jobLog: string[];
  automationLog: string[];
}

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
        .where(eq(clients.email, lowerEmail(email)))
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

    eraseRows: (ticketId: string, clientIds: string[], email: string, retainUntil: Date) =>
      eraseSubjectRows(db, ticketId, clientIds, email, retainUntil),

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

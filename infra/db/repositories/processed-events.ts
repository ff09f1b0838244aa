import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { PaymentProvider } from '../../../domain/payments';
import type { Db } from '../open-database';
import { processedPaymentEvents } from '../schema';

export interface ProcessedEventInput {
  eventId: string;
  provider: PaymentProvider;
  type: string;
  source: 'webhook' | 'reconciliation';
  outcome: 'signalled' | 'ignored';
  workflowId?: string;
  eventCreatedAt?: Date;
}

/** The event-id dedupe of webhooks and reconciliation: the primary key admits each id once. */
export function createProcessedEventsRepository(db: Db) {
  return {
    async has(eventId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: processedPaymentEvents.eventId })
        .from(processedPaymentEvents)
        .where(eq(processedPaymentEvents.eventId, eventId));
      return !!row;
    },
    async which(eventIds: string[]): Promise<Set<string>> {
      if (eventIds.length === 0) return new Set();
      const rows = await db
        .select({ id: processedPaymentEvents.eventId })
        .from(processedPaymentEvents)
        .where(inArray(processedPaymentEvents.eventId, eventIds));
      return new Set(rows.map((r) => r.id));
    },
    /** True when this call stored the id; false when another delivery had stored it already. */
    async record(e: ProcessedEventInput): Promise<boolean> {
      const rows = await db
        .insert(processedPaymentEvents)
        .values(e)
        .onConflictDoNothing()
        .returning({ id: processedPaymentEvents.eventId });
      return rows.length > 0;
    },
    async get(eventId: string) {
      const [row] = await db.select().from(processedPaymentEvents).where(eq(processedPaymentEvents.eventId, eventId));
      return row;
    },
    async stats(): Promise<{ total: number; lastProcessedAt: Date | null }> {
      const [row] = await db
        .select({
          total: sql<number>`count(*)::int`.mapWith(Number),
          last: sql<Date | null>`max(${processedPaymentEvents.processedAt})`,
        })
        .from(processedPaymentEvents);
      return { total: row?.total ?? 0, lastProcessedAt: row?.last ? new Date(row.last) : null };
    },
    async latest(limit = 20) {
      return db.select().from(processedPaymentEvents).orderBy(desc(processedPaymentEvents.processedAt)).limit(limit);
    },
  };
}
export type ProcessedEventsRepository = ReturnType<typeof createProcessedEventsRepository>;

import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ErasureOutcome } from '../../../domain/contracts/dsr-fulfilment';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per erasure ticket: which clients it covers (ids only, found by the email before it was
 * erased) and, once done, what it did. A retry resumes with the same clients; a second run after
 * completion answers the stored outcome, so it reports the same.
 */
export const erasureRecords = pgTable('erasure_records', {
  ticketId: text('ticket_id').primaryKey(),
  clientIds: jsonb('client_ids').$type<string[]>().notNull(),
  /** What the database pass did, written in its transaction: a retry after it reports the same counts. */
  databaseCounts: jsonb('database_counts').$type<Record<string, number>>(),
  outcome: jsonb('outcome').$type<ErasureOutcome>(),
  startedAt: ts('started_at').notNull().defaultNow(),
  completedAt: ts('completed_at'),
});

import { jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail with a hash chain: each row's hash covers its content and the previous
 * row's hash, so an edited or deleted row breaks every later link (original EchoPilot runbook: SOC-lite audit chain).
 * `dedupe_key` makes an append idempotent under activity retries.
 */
export const auditLog = pgTable('audit_log', {
  id: serial('id').primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  dedupeKey: text('dedupe_key').notNull().unique(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
});

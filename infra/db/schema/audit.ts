import { integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail with a hash chain: each row's hash covers its content and the previous
 * row's hash, so an edited, deleted or moved row breaks a link (original EchoPilot runbook: SOC-lite audit chain).
 * `id` is the sequence number (entries are appended one at a time under an advisory lock).
 * `dedupe_key` makes an append idempotent under activity retries. A trigger (custom migration) refuses
 * UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable('audit_log', {
  id: serial('id').primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  /** The dashboard key's fingerprint (`key:…`) or the routine's name (`system:payments`, `routine:weekly-audit`). */
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  /** The target of the action (schedule id, payment id, …). */
  subject: text('subject').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  dedupeKey: text('dedupe_key').notNull().unique(),
  /** The API request that caused the entry (X-Request-Id), when there was one. */
  requestId: text('request_id'),
  /**
   * 1: the legacy hash (the chain's first rows, before RFC 8785); 2: SHA-256 of `canonical`.
   * Existing rows default to 1 so they keep verifying under the formula they were written with.
   */
  hashVersion: integer('hash_version').notNull().default(1),
  /** The RFC 8785 canonical JSON the hash covers (version 2 rows). */
  canonical: text('canonical'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
});

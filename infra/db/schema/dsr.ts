import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { DsrClosureRecord, DsrExtensionRecord, DsrStatus } from '../../../domain/contracts/dsr-messages';
import type { DsrType } from '../../../domain/contracts/dsr-fulfilment';

export type { DsrClosureRecord, DsrExtensionRecord };

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Data subject requests. `id` is an opaque random ticket id (the workflow id is `dsr-<id>`); the email
 * lives only here, never in the workflow's input, id or search attributes.
 */
export const dsrTickets = pgTable(
  'dsr_tickets',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    type: text('type').$type<DsrType>().notNull(),
    details: text('details'),
    status: text('status').$type<DsrStatus>().notNull(),
    workflowId: text('workflow_id').notNull(),
    confirmBy: ts('confirm_by').notNull(),
    confirmationSentAt: ts('confirmation_sent_at'),
    confirmedAt: ts('confirmed_at'),
    /** Set at confirmation (the SLA counts from then); moved by extensions. */
    slaDueAt: ts('sla_due_at'),
    extensions: jsonb('extensions').$type<DsrExtensionRecord[]>().notNull().default([]),
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    closure: jsonb('closure').$type<DsrClosureRecord>(),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('dsr_tickets_created_idx').on(t.createdAt, t.id),
    index('dsr_tickets_status_idx').on(t.status, t.createdAt, t.id),
    index('dsr_tickets_email_idx').on(t.email),
  ],
);

import { sql } from 'drizzle-orm';
import { boolean, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { clients, invoices } from './payments';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The 80 % budget alert, claimed once per client and UTC month (the primary key is the dedupe). */
export const clientBudgetAlerts = pgTable(
  'client_budget_alerts',
  {
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    /** YYYY-MM (UTC) */
    month: text('month').notNull(),
    alertedAt: ts('alerted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.month] })],
);

/**
 * Which tasks an invoice bills. `released` turns true (trigger) when the invoice expires or fails, so the
 * partial unique index lets a task sit on at most one open or paid invoice: the database refuses a second.
 */
export const invoiceTasks = pgTable(
  'invoice_tasks',
  {
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    taskId: text('task_id').notNull(),
    released: boolean('released').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.taskId] }),
    uniqueIndex('invoice_tasks_task_live_uq')
      .on(t.taskId)
      .where(sql`not ${t.released}`),
  ],
);

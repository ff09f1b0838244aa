import { eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import {
  auditLog,
  clients,
  dsrTickets,
  invoices,
  jobAttempts,
  jobs,
  payments,
  refunds,
  unsubscribes,
} from '../db/schema';

/** Who an export is about: a client id, or an email address (any case). */
export type SubjectKey = { clientId: string } | { email: string };

/** Every table held about one person, as rows; `emails_sent` is derived from the send times we record. */
export interface SubjectData {
  subject: { email?: string; clientIds: string[] };
  tables: Record<string, SubjectTable>;
}
export interface SubjectTable {
  /** Column names in order (so an empty table still has its CSV header). */
  columns: string[];
  rows: Record<string, unknown>[];
}

const cols = (t: Parameters<typeof getTableColumns>[0]) => Object.keys(getTableColumns(t));
const EMAIL_COLUMNS = ['kind', 'to', 'sentAt', 'about'];

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
/** Drizzle's `inArray` with an empty list matches nothing; `undefined` drops the branch from an `or`. */
const anyOf = <T>(col: Parameters<typeof inArray>[0], list: T[]): SQL | undefined =>
  list.length ? inArray(col, list) : undefined;
const orNothing = (...conds: (SQL | undefined)[]) => or(...conds) ?? sql`false`;

/**
 * Collects what the database holds about one person (GDPR Art. 15/20): client records, tasks with every
 * attempt (prompts, results, QA), invoices, payments, refunds, mail we sent, unsubscribes, audit entries
 * naming them (by id, or the address inside an entry's details) and their DSR tickets.
 */
export async function collectSubjectData(db: Db, key: SubjectKey): Promise<SubjectData> {
  const email = 'email' in key ? key.email.trim().toLowerCase() : undefined;
  const clientRows = await db
    .select()
    .from(clients)
    .where('clientId' in key ? eq(clients.id, key.clientId) : sql`lower(${clients.email}) = ${email}`);
  const address = email ?? clientRows.find((c) => c.email)?.email?.toLowerCase() ?? undefined;
  const clientIds = ids(clientRows);

  const jobRows = clientIds.length ? await db.select().from(jobs).where(inArray(jobs.clientId, clientIds)) : [];
  const taskIds = jobRows.map((j) => j.taskId);
  const attemptRows = taskIds.length
    ? await db.select().from(jobAttempts).where(inArray(jobAttempts.taskId, taskIds))
    : [];
  const invoiceRows = await db
    .select()
    .from(invoices)
    .where(
      orNothing(anyOf(invoices.clientId, clientIds), address ? sql`lower(${invoices.email}) = ${address}` : undefined),
    );
  const invoiceIds = ids(invoiceRows);
  const paymentRows = await db
    .select()
    .from(payments)
    .where(orNothing(anyOf(payments.clientId, clientIds), anyOf(payments.invoiceId, invoiceIds)));
  const refundRows = await db
    .select()
    .from(refunds)
    .where(orNothing(anyOf(refunds.clientId, clientIds), anyOf(refunds.invoiceId, invoiceIds)));
  const unsubscribeRows = address ? await db.select().from(unsubscribes).where(eq(unsubscribes.email, address)) : [];
  const ticketRows = address ? await db.select().from(dsrTickets).where(eq(dsrTickets.email, address)) : [];

  const named = [...clientIds, ...taskIds, ...invoiceIds, ...ids(paymentRows), ...ids(refundRows), ...ids(ticketRows)];
  const auditRows = await db
    .select()
    .from(auditLog)
    .where(
      orNothing(
        anyOf(auditLog.subject, named),
        address ? sql`position(${address} in lower(${auditLog.details}::text)) > 0` : undefined,
        ...clientIds.map((id) => sql`position(${id} in ${auditLog.details}::text) > 0`),
      ),
    )
    .orderBy(auditLog.id);

  return {
    subject: { email: address, clientIds },
    tables: {
      clients: { columns: cols(clients), rows: clientRows },
      tasks: { columns: cols(jobs), rows: jobRows },
      task_attempts: { columns: cols(jobAttempts), rows: attemptRows },
      invoices: { columns: cols(invoices), rows: invoiceRows },
      payments: { columns: cols(payments), rows: paymentRows },
      refunds: { columns: cols(refunds), rows: refundRows },
      emails_sent: { columns: EMAIL_COLUMNS, rows: emailsSent(invoiceRows, refundRows, ticketRows) },
      unsubscribes: { columns: cols(unsubscribes), rows: unsubscribeRows },
      audit_entries: { columns: cols(auditLog), rows: auditRows },
      dsr_tickets: { columns: cols(dsrTickets), rows: ticketRows },
    },
  };
}

type Invoice = typeof invoices.$inferSelect;
type Refund = typeof refunds.$inferSelect;
type Ticket = typeof dsrTickets.$inferSelect;

/** The mail we sent them, from the send times the invoices, refunds and tickets record. */
function emailsSent(inv: Invoice[], rf: Refund[], tickets: Ticket[]): Record<string, unknown>[] {
  const out: { kind: string; to: string; sentAt: Date; about: string }[] = [];
  for (const i of inv) {
    if (i.issuedEmailSentAt)
      out.push({ kind: 'invoice-issued', to: i.email, sentAt: i.issuedEmailSentAt, about: i.id });
    if (i.reminderSentAt) out.push({ kind: 'invoice-reminder', to: i.email, sentAt: i.reminderSentAt, about: i.id });
    if (i.receiptSentAt) out.push({ kind: 'invoice-receipt', to: i.email, sentAt: i.receiptSentAt, about: i.id });
  }
  const emailOf = new Map(inv.map((i) => [i.id, i.email]));
  for (const r of rf) {
    const to = emailOf.get(r.invoiceId);
    if (r.emailedAt && to) out.push({ kind: 'refund-notice', to, sentAt: r.emailedAt, about: r.id });
  }
  for (const t of tickets) {
    if (t.confirmationSentAt)
      out.push({ kind: 'dsr-confirmation', to: t.email, sentAt: t.confirmationSentAt, about: t.id });
  }
  return out.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

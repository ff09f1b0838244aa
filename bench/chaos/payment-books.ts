import { and, eq, inArray, like } from 'drizzle-orm';
import { createAuditLog } from '../../infra/db/repositories/audit-log';
import { openDatabase } from '../../infra/db/open-database';
import { auditLog } from '../../infra/db/schema/audit';
import { invoices, payments, processedPaymentEvents, refunds } from '../../infra/db/schema/payments';

export interface PaymentBooks {
  paid: number;
  /** Invoices with more than one payment row, audit entry or receipt: money or mail counted twice. */
  doublePaid: number;
  revenueCents: number;
  /** Events recorded as processed by the reconciliation run (the dropped ones it caught). */
  caughtByReconciliation: number;
  problems: string[];
}

/**
 * The books after a flood, read from the platform's own database: every invoice paid once, for its
 * amount, with one `invoice.paid` audit entry, no refund, revenue the sum of the invoices, every
 * event processed exactly once (webhook or reconciliation), and the audit hash chain intact.
 */
export async function checkPaymentBooks(
  pgliteDir: string,
  expected: { invoiceIds: string[]; amountCents: Map<string, number>; eventIds: string[] },
): Promise<PaymentBooks> {
  const database = await openDatabase({ kind: 'pglite', dir: pgliteDir });
  try {
    const db = database.db;
    const ids = expected.invoiceIds;
    const [inv, pays, refs, audit, processed] = await Promise.all([
      db.select().from(invoices).where(inArray(invoices.id, ids)),
      db.select().from(payments).where(inArray(payments.invoiceId, ids)),
      db.select().from(refunds).where(inArray(refunds.invoiceId, ids)),
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'invoice.paid'), like(auditLog.subject, 'invoice:%'))),
      db.select().from(processedPaymentEvents).where(inArray(processedPaymentEvents.eventId, expected.eventIds)),
    ]);
    const problems: string[] = [];
    let doublePaid = 0;
    for (const id of ids) {
      const row = inv.find((i) => i.id === id);
      const mine = pays.filter((p) => p.invoiceId === id);
      const entries = audit.filter((a) => a.subject === `invoice:${id}`);
      if (row?.status !== 'paid') problems.push(`${id}: status ${row?.status ?? 'missing'}`);
      if (mine.length !== 1) problems.push(`${id}: ${mine.length} payment rows`);
      if (entries.length !== 1) problems.push(`${id}: ${entries.length} invoice.paid audit entries`);
      if (mine.length > 1 || entries.length > 1) doublePaid++;
      const want = expected.amountCents.get(id);
      if (mine[0] && mine[0].amountCents !== want)
        problems.push(`${id}: paid ${mine[0].amountCents}, invoiced ${want}`);
    }
    if (refs.length) problems.push(`${refs.length} refunds recorded, none was made`);
    const missing = expected.eventIds.filter((e) => !processed.some((p) => p.eventId === e));
    if (missing.length) problems.push(`${missing.length} events never processed, e.g. ${missing[0]}`);
    const broken = await createAuditLog(db).verify();
    if (broken !== undefined) problems.push(`audit chain broken at entry ${broken}`);
    return {
      paid: inv.filter((i) => i.status === 'paid').length,
      doublePaid,
      revenueCents: pays.reduce((s, p) => s + p.amountCents, 0),
      caughtByReconciliation: processed.filter((p) => p.source === 'reconciliation').length,
      problems,
    };
  } finally {
    await database.close();
  }
}

import type { Db } from '../../infra/db/open-database';
import { clients, invoices, payments, refunds } from '../../infra/db/schema';
import { hoursAgo, insertCost, insertFinished } from './ledger-rows';

/**
 * A known ledger and payments for the report tests, relative to `now`. Last 24 h: 5 finished tasks (QA 95,
 * 85, 72, 55 delivered; one failed), LLM cost $0.105, revenue 150.00 USD (plus 70.00 EUR, not counted),
 * refunds 10.00 USD. 30–40 h ago: one more task (QA 65, $0.025) and 9.99 USD.
 */
export async function insertReportLedger(db: Db, now = new Date()) {
  await db.insert(clients).values([
    { id: 'cli_a', email: 'a@example.com', rateCentsPerMin: 500 },
    { id: 'cli_b', email: 'b@example.com', rateCentsPerMin: 500 },
  ]);
  const tasks = [
    { status: 'done', qaScore: 95, clientId: 'cli_a', cost: 30_000 },
    { status: 'done', qaScore: 85, clientId: 'cli_a', cost: 20_000 },
    { status: 'done', qaScore: 72, clientId: 'cli_b', cost: 10_000 },
    { status: 'low_qa', qaScore: 55, clientId: 'cli_b', cost: 40_000 },
    { status: 'failed', failureType: 'timeout', cost: 5_000 },
  ] as const;
  for (const [i, t] of tasks.entries()) {
    const { cost, ...row } = t;
    const at = hoursAgo(2 + i, now);
    const job = await insertFinished(db, { ...row, completedAt: at, latencyMs: 1000 * (i + 1), costMicroUsd: cost });
    await insertCost(db, job.taskId, at, cost);
  }
  const old = await insertFinished(db, {
    status: 'done',
    qaScore: 65,
    clientId: 'cli_a',
    completedAt: hoursAgo(30, now),
    costMicroUsd: 25_000,
  });
  await insertCost(db, old.taskId, hoursAgo(30, now), 25_000);

  const inv = (id: string, clientId: string, amountCents: number, currency = 'usd') => ({
    id,
    clientId,
    email: `${clientId}@example.com`,
    amountCents,
    currency,
    status: 'paid' as const,
    workflowId: `invoice-${id}`,
    expiresAt: hoursAgo(-48, now),
  });
  await db
    .insert(invoices)
    .values([
      inv('inv_a1', 'cli_a', 10_000),
      inv('inv_b1', 'cli_b', 5_000),
      inv('inv_old', 'cli_a', 999),
      inv('inv_eur', 'cli_b', 7_000, 'eur'),
    ]);
  const pay = (id: string, clientId: string, amountCents: number, hours: number, currency = 'usd') => ({
    id,
    invoiceId: `inv_${id.slice(4)}`,
    clientId,
    provider: 'stripe' as const,
    providerPaymentId: `pi_${id}`,
    amountCents,
    currency,
    eventId: `evt_${id}`,
    paidAt: hoursAgo(hours, now),
  });
  await db
    .insert(payments)
    .values([
      pay('pay_a1', 'cli_a', 10_000, 3),
      pay('pay_b1', 'cli_b', 5_000, 5),
      pay('pay_old', 'cli_a', 999, 40),
      pay('pay_eur', 'cli_b', 7_000, 4, 'eur'),
    ]);
  await db.insert(refunds).values({
    id: 'rf_1',
    paymentId: 'pay_a1',
    invoiceId: 'inv_a1',
    clientId: 'cli_a',
    amountCents: 1_000,
    currency: 'usd',
    status: 'succeeded',
    source: 'api',
    createdAt: hoursAgo(2, now),
  });
}

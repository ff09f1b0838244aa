import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, invoices, jobs, payments, refunds } from '../../infra/db/schema';
import { admin } from '../support/payments';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const d = (iso: string) => new Date(iso);

describe('GET /api/finance-metrics (aggregates over the real database)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    const db = p.database.db;
    await db.insert(clients).values([
      { id: 'cli_a', email: 'a@example.com', rateCentsPerMin: 500 },
      { id: 'cli_b', email: 'b@example.com', rateCentsPerMin: 500 },
    ]);
    const inv = (id: string, clientId: string, amountCents: number, currency = 'usd') => ({
      id,
      clientId,
      email: `${clientId}@x`,
      amountCents,
      currency,
      status: 'paid' as const,
      workflowId: `invoice-${id}`,
      expiresAt: d('2026-03-10T00:00:00Z'),
    });
    await db
      .insert(invoices)
      .values([
        inv('inv_a1', 'cli_a', 10000),
        inv('inv_b1', 'cli_b', 5000),
        inv('inv_old', 'cli_a', 999),
        inv('inv_eur', 'cli_b', 7000, 'eur'),
      ]);
    const pay = (
      id: string,
      invoiceId: string,
      clientId: string,
      amountCents: number,
      paidAt: string,
      currency = 'usd',
    ) => ({
      id,
      invoiceId,
      clientId,
      provider: 'stripe' as const,
      providerPaymentId: `pi_${id}`,
      amountCents,
      currency,
      eventId: `evt_${id}`,
      paidAt: d(paidAt),
    });
    await db.insert(payments).values([
      pay('pay_a1', 'inv_a1', 'cli_a', 10000, '2026-03-01T10:00:00Z'),
      pay('pay_b1', 'inv_b1', 'cli_b', 5000, '2026-03-02T23:59:59Z'),
      pay('pay_old', 'inv_old', 'cli_a', 999, '2026-02-27T12:00:00Z'), // before the range
      pay('pay_eur', 'inv_eur', 'cli_b', 7000, '2026-03-02T12:00:00Z', 'eur'), // another currency
    ]);
    await db.insert(refunds).values({
      id: 'rf_1',
      paymentId: 'pay_a1',
      invoiceId: 'inv_a1',
      clientId: 'cli_a',
      amountCents: 1000,
      currency: 'usd',
      status: 'succeeded',
      source: 'api',
      createdAt: d('2026-03-02T08:00:00Z'),
    });
    const job = (taskId: string, clientId: string | null, cost: number, completedAt: string) => ({
      taskId,
      workflowId: `task-${taskId}`,
      source: 'api',
      title: 't',
      prompt: 'p',
      clientId,
      costMicroUsd: cost,
      status: 'done',
      createdAt: d(completedAt),
      completedAt: d(completedAt),
    });
    await db
      .insert(jobs)
      .values([
        job('t1', 'cli_a', 1_500_000, '2026-03-01T09:00:00Z'),
        job('t2', 'cli_b', 250_000, '2026-03-02T09:00:00Z'),
        job('t3', null, 10, '2026-03-02T10:00:00Z'),
      ]);
  });
  afterAll(async () => p.close());

  it('gives revenue, refunds, LLM cost and margin per day, per client and in total', async () => {
    const res = await p.app.request('/api/finance-metrics?from=2026-03-01&to=2026-03-02', { headers: admin() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ from: '2026-03-01', to: '2026-03-02', currency: 'usd' });
    expect(body.totals).toEqual({
      revenueCents: 15000,
      refundsCents: 1000,
      netRevenueCents: 14000,
      llmCostMicroUsd: 1_750_010,
      marginMicroUsd: 140_000_000 - 1_750_010,
      revenue: '150.00',
      refunds: '10.00',
      llmCostUsd: '1.750010',
      marginUsd: '138.249990',
    });
    expect(body.days).toEqual([
      expect.objectContaining({
        day: '2026-03-01',
        revenueCents: 10000,
        refundsCents: 0,
        llmCostMicroUsd: 1_500_000,
        marginMicroUsd: 100_000_000 - 1_500_000,
      }),
      expect.objectContaining({
        day: '2026-03-02',
        revenueCents: 5000,
        refundsCents: 1000,
        llmCostMicroUsd: 250_010,
        marginMicroUsd: 40_000_000 - 250_010,
      }),
    ]);
    expect(body.clients).toEqual([
      expect.objectContaining({ clientId: '(none)', revenueCents: 0, llmCostMicroUsd: 10 }),
      expect.objectContaining({
        clientId: 'cli_a',
        revenueCents: 10000,
        refundsCents: 1000,
        llmCostMicroUsd: 1_500_000,
        marginUsd: '88.500000',
      }),
      expect.objectContaining({
        clientId: 'cli_b',
        revenueCents: 5000,
        refundsCents: 0,
        llmCostMicroUsd: 250_000,
        marginUsd: '49.750000',
      }),
    ]);
  });

  it('validates the range and needs the admin key', async () => {
    const bad = await p.app.request('/api/finance-metrics?from=March', { headers: admin() });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"field":"from"');
    // A check zod cannot express (from after to) answers in the same shape as a schema failure.
    const reversed = await p.app.request('/api/finance-metrics?from=2026-03-05&to=2026-03-01', { headers: admin() });
    expect(reversed.status).toBe(400);
    expect(await reversed.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Invalid query: from: must be on or before to',
        details: { issues: [{ field: 'from', message: 'must be on or before to' }] },
      },
    });
    expect((await p.app.request('/api/finance-metrics', { headers: { 'X-Forwarded-For': '10.3.3.3' } })).status).toBe(
      401,
    );
    expect((await p.app.request('/api/finance-metrics', { method: 'POST', headers: admin() })).status).toBe(405);
  });
});

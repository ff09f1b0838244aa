import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReportLedger } from '../support/report-ledger';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const admin = adminHeaders('10.14.0.1');

describe('report facts: one query layer over the ledger and payments (GET /api/metrics-summary)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
    await insertReportLedger(p.database.db);
  });
  afterAll(async () => p.close());

  const summary = async (q: string) => {
    const res = await p.app.request(`/api/metrics-summary${q}`, { headers: admin });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('gives the exact numbers of the last 24 h', async () => {
    const { status, body } = await summary('?period=24h');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      period: '24h',
      currency: 'usd',
      revenueCents: 15_000,
      refundsCents: 1_000,
      llmCostMicroUsd: 105_000,
      // (150.00 − 10.00) USD = 140,000,000 micro-USD, less $0.105 of LLM cost.
      marginMicroUsd: 139_895_000,
      tasksByStatus: { done: 3, low_qa: 1, failed: 1 },
      qaAvg: 76.8,
      qaDistribution: [
        { band: '0-59', tasks: 1 },
        { band: '60-69', tasks: 0 },
        { band: '70-79', tasks: 1 },
        { band: '80-89', tasks: 1 },
        { band: '90-100', tasks: 1 },
      ],
      topClients: [
        { clientId: 'cli_a', tasks: 2, costMicroUsd: 50_000, revenueCents: 10_000 },
        { clientId: 'cli_b', tasks: 2, costMicroUsd: 50_000, revenueCents: 5_000 },
      ],
    });
    // p95 of 1, 2, 3, 4 s is 3.85 s; the hourly histogram reads it within 1%.
    expect(Math.abs((body.p95Ms as number) - 3850)).toBeLessThanOrEqual(39);
    const days = body.days as { tasks: number; revenueCents: number; llmCostMicroUsd: number }[];
    expect(days.reduce((s, d) => s + d.tasks, 0)).toBe(5);
    expect(days.reduce((s, d) => s + d.revenueCents, 0)).toBe(15_000);
    expect(days.reduce((s, d) => s + d.llmCostMicroUsd, 0)).toBe(105_000);
  });

  it('widens with the period: 7d adds the older task and payment', async () => {
    const { body } = await summary('?period=7d');
    expect(body).toMatchObject({
      revenueCents: 15_999,
      llmCostMicroUsd: 130_000,
      tasksByStatus: { done: 4, low_qa: 1, failed: 1 },
    });
    expect((body.days as unknown[]).length).toBeGreaterThanOrEqual(7);
  });

  it('agrees with /api/finance-metrics on revenue and refunds (the same money query)', async () => {
    const [{ body }, fin] = await Promise.all([
      summary('?period=30d'),
      Promise.resolve(p.app.request('/api/finance-metrics', { headers: admin })).then((r) => r.json()),
    ]);
    const totals = (fin as { totals: { revenueCents: number; refundsCents: number } }).totals;
    expect({ revenueCents: body.revenueCents, refundsCents: body.refundsCents }).toEqual({
      revenueCents: totals.revenueCents,
      refundsCents: totals.refundsCents,
    });
    expect(totals.revenueCents).toBe(15_999);
  });

  it('answers 400 naming period for any other period, and 401 without the key', async () => {
    for (const q of ['?period=1y', '?period=', '?period=24h&extra=1']) {
      const { status, body } = await summary(q);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toMatch(q.includes('extra') ? /extra/ : /period/);
    }
    expect((await p.app.request('/api/metrics-summary')).status).toBe(401);
  });
});

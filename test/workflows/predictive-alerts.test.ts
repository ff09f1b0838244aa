import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { predictiveAlerts } from '../../workflows/predictive-alerts';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { insertCost, insertFinished } from '../support/ledger-rows';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const HOUR = 3_600_000;

describe('predictiveAlerts workflow (real dev server, ledger rows written beforehand)', () => {
  let p: TestPlatform;
  let hook: WebhookFake;
  beforeAll(async () => {
    hook = await startWebhookFake();
    p = await createTestPlatform({
      ALERT_WEBHOOK_URL: hook.url,
      COST_TARGET_USD_PER_DAY: '1',
      FAILURE_RATE_ALERT_PCT: '20',
      P95_ALERT_SECONDS: '300',
    });
    const now = Date.now();
    const hourStart = (k: number) => Math.floor(now / HOUR) * HOUR - k * HOUR;
    // k hours ago → 10 finished tasks: failures rising, QA sliding, $0.15 of LLM calls each hour.
    const failedPerHour = [3, 2, 2, 1, 1, 1, 0, 0];
    const qaPerHour = [82, 83, 84, 85, 86, 88, 89, 90];
    for (let k = 0; k < 8; k++) {
      const at = new Date(k === 0 ? now - 100 : hourStart(k) + 1000);
      for (let i = 0; i < 10; i++) {
        const isFailed = i < failedPerHour[k]!;
        const job = await insertFinished(p.database.db, {
          status: isFailed ? 'failed' : 'done',
          completedAt: at,
          latencyMs: 10_000,
          failureType: isFailed ? 'timeout' : undefined,
          qaScore: isFailed ? undefined : qaPerHour[k],
        });
        await insertCost(p.database.db, job.taskId, at, 15_000);
      }
    }
  });
  afterAll(async () => {
    await p.close();
    await hook.close();
  });

  it('flags rising failures and falling QA before their limits, cost over the daily target now; alerts each once', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const exec = () =>
      p.client.workflow.execute<typeof predictiveAlerts>('predictiveAlerts', {
        taskQueue: p.taskQueue,
        workflowId: `predict-${Date.now()}-${p.taskQueue}`,
      });
    const [r, again] = await worker.runUntil(async () => [await exec(), await exec()]);
    await connection.close();

    const f = Object.fromEntries(r.findings.map((x) => [x.metric, x]));
    expect(f.failure_rate).toMatchObject({ status: 'warning', current: 16.7, threshold: 20 });
    expect(f.failure_rate!.projected!).toBeGreaterThan(20);
    expect(f.qa_average).toMatchObject({ status: 'warning', direction: 'below', threshold: 80 });
    expect(f.qa_average!.current!).toBeGreaterThan(80);
    expect(f.qa_average!.projected!).toBeLessThan(80);
    expect(f.cost_per_day).toMatchObject({ status: 'breach', current: 80 * 15_000, threshold: 1_000_000 });
    expect(f.p95_latency).toMatchObject({ status: 'ok' });
    // From the hourly latency histogram: within 1% of the exact 10 s (domain/latency-histogram.ts).
    expect(Math.abs(f.p95_latency!.current! - 10_000)).toBeLessThanOrEqual(100.5);
    expect(r.status).toBe('critical');

    const titles = hook.posts.map((x) => x.title as string);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Failure rate trending over the limit 20%',
        'QA average trending under the limit 80',
        'LLM cost per day $1.200000 is over the limit $1.000000',
      ]),
    );
    expect(titles).toHaveLength(3);
    // The next hourly run sees the same trends: stored again, not re-alerted inside the window.
    expect(again.status).toBe('critical');
    expect(hook.posts).toHaveLength(3);
    expect(await p.appDeps.ops.opsReports.recent('predictive-alerts', 5)).toHaveLength(2);
  });

  it('counts each alert delivery in echopilot_alerts_total, by channel and outcome', async () => {
    const { values } = await p.appDeps.metrics.alerts.get();
    const sent = values
      .filter((v) => v.labels.channel === 'webhook' && v.labels.outcome === 'sent')
      .reduce((n, v) => n + v.value, 0);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBe(hook.posts.length);
  });
});

import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { composeServices } from '../../cli/compose';
import { createLogger } from '../../infra/logger';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId, type ScheduleDefinition } from '../../schedules/schedule-definition';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { startPaypalFake } from '../fakes/paypal-fake';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startStripeFront, type StripeFront } from '../fakes/stripe-front';
import { startTelegramFake } from '../fakes/telegram-fake';
import { signedDelivery, stripeEvents } from '../support/payments';
import { createTestWorker, testClient, uniqueTaskQueue } from '../support/temporal';
import { testConfig } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { collectStrings, countHits, dumpTables } from '../support/secret-scan';
import { historyThroughCodec } from '../support/codec-history';
import { dataConverterFor, openPayloadEncryption, type PayloadEncryption } from '../../infra/crypto/payload-encryption';

// Known fake values for every secret setting; each must be found nowhere the platform writes or answers.
const S = {
  DASHBOARD_KEY: 'dash-key-SCAN-7f3a91c2e4b6d8f0',
  SESSION_SECRET: 'session-secret-SCAN-0c9b8a7f6e5d4c3b',
  DATABASE_URL: 'postgres://echo:db-pass-SCAN-5e4d3c2b@127.0.0.1:1/echopilot',
  TEMPORAL_API_KEY: 'temporal-key-SCAN-a1b2c3d4e5f6',
  AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-ai-int-SCAN-9d8c7b6a5f4e3d2c',
  OPENAI_API_KEY: 'sk-openai-SCAN-1a2b3c4d5e6f7a8b',
  NOTION_TOKEN: 'secret_notion_SCAN_4f5e6d7c8b9a',
  NOTION_WEBHOOK_SECRET: 'notion-hook-SCAN-3c2b1a0f9e8d',
  STRIPE_SECRET_KEY: 'sk_test_SCAN2b3c4d5e6f7a8b9c0d',
  STRIPE_SECRET_LIVE: 'sk_live_SCAN_8b9c0d1e2f3a4b5c6d',
  STRIPE_WEBHOOK_SECRET: 'whsec_SCAN_6d7e8f9a0b1c2d3e4f',
  PAYPAL_CLIENT_SECRET: 'paypal-secret-SCAN-7e8f9a0b1c2d',
  TELEGRAM_BOT_TOKEN: '424242:tg-token-SCAN-5a6b7c8d9e0f',
  ENCRYPTION_MASTER_KEY: Buffer.from('master-key-SCAN-0123456789abcdef').toString('base64'),
} as const;
const SMTP_USER = 'mailer@example.com';
const SMTP_PASS = 'smtp-pass-SCAN-0e1f2a3b4c5d';
const IP = '10.77.0.1';

describe('secrets scan: a full run of pipeline, payments and schedules with known fake secrets', () => {
  const taskQueue = uniqueTaskQueue('secrets');
  const suffix = randomUUID().slice(0, 8);
  const logLines: string[] = [];
  const workerLines: string[] = [];
  const responses: string[] = [];
  const workflowIds = new Set<string>();
  let secrets: [string, string][];
  let llm: OpenAiFake, stripeFront: StripeFront, smtp: SmtpFake, notion: NotionFake;
  let tg: Awaited<ReturnType<typeof startTelegramFake>>;
  let closeFakes: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let worker: Worker;
  let running: Promise<void>;
  let closeAll: () => Promise<void>;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let client: Awaited<ReturnType<typeof testClient>>;
  let defs: ScheduleDefinition[];
  let encryption: PayloadEncryption;

  beforeAll(async () => {
    // The worker's own log (Temporal runtime: failed activities and workflows) goes through console.warn; keep a copy.
    const warn = console.warn.bind(console);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      workerLines.push(format(...args));
      warn(...args);
    });
    tg = await startTelegramFake(S.TELEGRAM_BOT_TOKEN);
    const paypal = await startPaypalFake({
      clientId: 'paypal-client-id',
      clientSecret: S.PAYPAL_CLIENT_SECRET,
      webhookId: 'WH-SCAN',
      validSignature: 'sig',
    });
    [llm, stripeFront, smtp, notion] = await Promise.all([
      startOpenAiFake(),
      startStripeFront(inject('stripeMockUrl')),
      startSmtpFake({ user: SMTP_USER, pass: SMTP_PASS }),
      startNotionFake(S.NOTION_TOKEN),
    ]);
    closeFakes = async () =>
      void (await Promise.all([
        tg.close(),
        paypal.close(),
        llm.close(),
        stripeFront.close(),
        smtp.close(),
        notion.close(),
      ]));
    const smtpUrl = new URL(smtp.url);
    smtpUrl.username = encodeURIComponent(SMTP_USER);
    smtpUrl.password = SMTP_PASS;
    const config = testConfig({
      ...S,
      TEMPORAL_TASK_QUEUE: taskQueue,
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      LLM_HEARTBEAT_SECONDS: '2',
      NOTION_API_BASE_URL: notion.baseUrl,
      STRIPE_API_BASE_URL: stripeFront.url,
      PAYPAL_CLIENT_ID: 'paypal-client-id',
      PAYPAL_WEBHOOK_ID: 'WH-SCAN',
      PAYPAL_API_BASE_URL: paypal.url,
      TELEGRAM_CHAT_ID: '99',
      TELEGRAM_API_BASE_URL: tg.baseUrl,
      SMTP_URL: smtpUrl.toString(),
      ALERT_EMAIL_TO: 'ops@example.com',
      LOG_LEVEL: 'trace',
    });
    secrets = [
      ...Object.entries(S),
      ['SMTP_URL', smtpUrl.toString()],
      ['SMTP password', SMTP_PASS],
      ['database password', 'db-pass-SCAN-5e4d3c2b'],
    ];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'trace', secrets: config.secretValues, destination: sink });
    database = await openTestDatabase();
    // Payload encryption on, as in production: histories are scanned decoded through the codec.
    encryption = (await openPayloadEncryption(config, database))!;
    client = await testClient(dataConverterFor(encryption));
    const { activities, appDeps } = composeServices({
      config,
      logger,
      database,
      temporal: client,
      buildId: 'test-build',
      payloadEncryption: encryption,
    });
    app = createApp(appDeps);
    const w = await createTestWorker(taskQueue, activities, encryption.dataConverter);
    worker = w.worker;
    running = worker.run();
    defs = scheduleDefinitions(config)
      .filter((d) => ['heartbeat', 'health-probe', 'auto-operator', 'daily-report'].includes(d.id))
      .map((d) => ({ ...d, id: `${d.id}-${suffix}` }));
    await syncSchedules(client, defs, taskQueue);
    closeAll = async () => {
      for (const d of defs)
        await client.schedule
          .getHandle(fullScheduleId(d.id))
          .delete()
          .catch(() => undefined);
      worker.shutdown();
      await running;
      await w.connection.close();
      await client.connection.close();
      await database.close();
      await closeFakes();
    };
  });
  afterAll(async () => {
    await closeAll?.();
    vi.restoreAllMocks();
  });

  /** Every request goes through here: its response body is kept for the scan. */
  async function call(path: string, init: RequestInit & { key?: string } = {}) {
    const headers = {
      'X-Dash-Key': init.key ?? S.DASHBOARD_KEY,
      'X-Forwarded-For': IP,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    };
    const res = await app.request(path, { ...init, headers });
    const text = await res.text();
    responses.push(`${JSON.stringify([...res.headers.entries()])}\n${text}`);
    return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
  }
  const post = (path: string, body: unknown, extra: RequestInit & { key?: string } = {}) =>
    call(path, { method: 'POST', body: JSON.stringify(body), ...extra });
  const webhook = async (ev: Parameters<typeof signedDelivery>[0], secret: string = S.STRIPE_WEBHOOK_SECRET) => {
    const d = signedDelivery(ev, secret);
    return call('/webhook/stripe', { method: 'POST', headers: d.headers, body: d.body, key: '' });
  };

  it('runs a text task, an invoice paid by a signed webhook, a refund and scheduled routines, then finds no secret anywhere', async () => {
    // Pipeline: one text task through the real workflow and the fake LLM.
    const task = await post('/api/tasks', {
      title: 'Secret scan report',
      prompt: 'Write a short note about the weather',
    });
    expect(task.status).toBe(202);
    const { taskId, workflowId } = task.json() as { taskId: string; workflowId: string };
    workflowIds.add(workflowId);
    await client.workflow.getHandle(workflowId).result();
    expect((await call(`/api/tasks/${taskId}`)).json().status).toBe('done');

    // Payments: invoice → signed checkout webhook (stripe-mock behind the front) → refund.
    const inv = await post('/api/payments/create-invoice', {
      amount: 12,
      email: 'payer@example.com',
      taskIds: [taskId],
    });
    expect(inv.status).toBe(201);
    const invoiceId = inv.json().invoiceId as string;
    workflowIds.add(`invoice-${invoiceId}`);
    expect((await webhook(stripeEvents.checkoutCompleted(invoiceId, 1200, `pi_${invoiceId.slice(4)}`))).status).toBe(
      200,
    );
    await client.workflow.getHandle(`invoice-${invoiceId}`).result();
    const refund = await post('/refund', { invoiceId, amount: 5, reason: 'requested_by_customer' });
    expect(refund.status).toBe(201);
    workflowIds.add(refund.json().workflowId as string);
    await smtp.waitFor((m) => m.subject.startsWith('Refund') && m.subject.includes(invoiceId));
    // Refused requests answer too: a wrong signature, a wrong key, a bad body.
    expect((await webhook(stripeEvents.checkoutCompleted(invoiceId, 1200), 'whsec_wrong_secret_value')).status).toBe(
      400,
    );
    expect((await call('/api/tasks', { key: 'not-the-key', headers: { 'X-Forwarded-For': '10.77.0.2' } })).status).toBe(
      401,
    );
    expect((await post('/refund', { invoiceId, amount: -1 })).status).toBe(400);

    // Schedules: trigger a few routines through the API; each run completes on the worker.
    for (const d of defs) {
      expect((await call(`/api/schedules/${d.id}/trigger`, { method: 'POST' })).status).toBe(202);
      const handle = client.schedule.getHandle(fullScheduleId(d.id));
      const action = await waitFor(`a run of ${d.id}`, async () => (await handle.describe()).info.recentActions[0]);
      workflowIds.add(action.action.workflow.workflowId);
      await client.workflow.getHandle(action.action.workflow.workflowId).result();
    }
    expect((await post('/api/alerts/test', {})).status).toBeLessThan(500);

    // Read everything an operator can read.
    for (const path of [
      '/health',
      '/api/system-health',
      '/api/tasks',
      '/api/clients',
      '/api/alerts',
      '/api/ops-reports',
      '/api/live-ops',
      '/api/schedules',
      `/api/schedules/${defs[0]!.id}`,
      `/api/payments/invoices/${invoiceId}`,
      '/api/finance-metrics',
      '/payments/debug',
      '/ops-report',
      '/p95',
      '/api/rate-guard',
      '/openapi.json',
    ]) {
      expect((await call(path)).status, path).toBeLessThan(500);
    }

    // Every run on this task queue (children included), as the server lists them.
    for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
      workflowIds.add(wf.workflowId);
    const histories: string[] = [];
    for (const id of workflowIds) {
      const handle = client.workflow.getHandle(id);
      const d = await handle.describe();
      histories.push(
        `${id}\n${JSON.stringify(collectStrings(d.searchAttributes))}\n${await historyThroughCodec(await handle.fetchHistory(), encryption.codec)}`,
      );
    }
    const tables = await dumpTables((q) => database.db.execute(sql.raw(q)));
    await new Promise((r) => setImmediate(r));

    const sources = {
      logs: logLines.join(''),
      workerLogs: workerLines.join('\n'),
      responses: responses.join('\n'),
      histories: histories.join('\n'),
      database: tables.map((t) => t.json).join('\n'),
    };
    const hits = countHits(sources, secrets);
    const counts = {
      logLines: logLines.length,
      workerLogLines: workerLines.length,
      responses: responses.length,
      histories: histories.length,
      tables: tables.length,
      rows: tables.reduce((n, t) => n + t.rows, 0),
    };
    console.info(`secrets scan: ${secrets.length} secret values over ${JSON.stringify(counts)}`);
    expect(hits, `${secrets.length} secret values over ${JSON.stringify(counts)}`).toEqual([]);
    // The scan looked at real material: the run wrote logs, answered, left histories and rows.
    expect(counts.logLines).toBeGreaterThan(20);
    expect(counts.responses).toBeGreaterThan(20);
    expect(counts.histories).toBeGreaterThanOrEqual(3 + defs.length);
    expect(counts.rows).toBeGreaterThan(5);
    // The scan reads decoded text: the prompt is inside history payloads, the payer in the rows, the task id in the logs,
    // and a text that does hold the secrets gives one hit per value.
    expect(sources.histories).toContain('Write a short note about the weather');
    expect(sources.database).toContain('payer@example.com');
    expect(sources.logs).toContain(taskId);
    expect(countHits({ control: JSON.stringify(secrets) }, secrets)).toHaveLength(secrets.length);
    // And it would have seen a leak: the secrets did reach the fakes they are for.
    expect(stripeFront.callsTo('POST', '/v1/refunds')).toHaveLength(1);
    expect(smtp.mails.some((m) => m.user === SMTP_USER)).toBe(true);
    expect(llm.calls.length).toBeGreaterThan(0);
    expect(tg.messages.length).toBeGreaterThan(0);
  });
});

import { fixedSample } from './fixed-sample';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { waitFor } from '../support/wait-for';
import { terminateRunning } from '../support/workflow-runs';
import { appRoutes, requestArbitrary, type FuzzRequest } from './request-arbitraries';

/** `npm run fuzz` sets FUZZ_RUNS=100000; `npm test` runs this bounded count from a fixed random starting value. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const START = Number(process.env.FUZZ_START ?? 20261202);
const CHUNK = 500;
/** Routes that act on the platform's real schedule ids, which another test file owns on the shared dev server. */
const NOT_FUZZED = new Set(['POST /api/scheduler/stop', 'POST /api/scheduler/start']);
const TELEGRAM_TOKEN = '123456:fuzz-telegram-token';
const PAYPAL = {
  clientId: 'fuzz-paypal-client',
  clientSecret: 'fuzz-paypal-secret',
  webhookId: 'WH-FUZZ',
  validSignature: 'sig-fuzz',
};

describe('fuzz: random requests against every route of the real app', () => {
  let p: PaymentPlatform;
  let llm: OpenAiFake;
  let paypal: PaypalFake;
  let telegram: TelegramFake;
  beforeAll(async () => {
    [llm, paypal, telegram] = await Promise.all([
      startOpenAiFake(),
      startPaypalFake(PAYPAL),
      startTelegramFake(TELEGRAM_TOKEN),
    ]);
    p = await createPaymentPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-fuzz-fake-key-123456',
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: paypal.url,
      NOTION_WEBHOOK_SECRET: 'fuzz-notion-webhook-secret',
      SESSION_SECRET: 'fuzz-session-secret-0123456789',
      // Every route configured, so the fuzz reaches each one's own checks rather than a 503.
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_CHAT_ID: '4242',
      TELEGRAM_API_BASE_URL: telegram.baseUrl,
      TELEGRAM_WEBHOOK_SECRET: 'fuzz-telegram-webhook-secret',
    });
  });
  afterAll(async () => {
    await terminateRunning(p.client, p.taskQueue);
    await p.close();
    await Promise.all([llm.close(), paypal.close(), telegram.close()]);
  });

  it(
    `${RUNS} requests (random start ${START}): 0 responses ≥ 500, no crash, no stuck workflow`,
    async () => {
      const routes = appRoutes(p.app).filter((r) => !NOT_FUZZED.has(`${r.method} ${r.path}`));
      expect(routes.length).toBeGreaterThan(30);
      const arb = requestArbitrary(routes);
      const failures: { req: FuzzRequest; status?: number; error?: string }[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      for (let chunk = 0; sent < RUNS; chunk++) {
        for (const req of fixedSample(arb, START + chunk, Math.min(CHUNK, RUNS - sent))) {
          sent += 1;
          let request: Request;
          try {
            request = new Request(`http://localhost${req.path}`, {
              method: req.method,
              headers: req.headers,
              body: req.body,
            });
          } catch {
            continue; // not a request any client could send (e.g. a body on a method that forbids one)
          }
          try {
            const res = await p.app.fetch(request);
            await res.arrayBuffer();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500)
              failures.push({ req: { ...req, body: req.body?.slice(0, 200) }, status: res.status });
          } catch (err) {
            failures.push({ req: { ...req, body: req.body?.slice(0, 200) }, error: String(err) });
          }
        }
      }
      console.log(
        `fuzz: ${sent} requests over ${routes.length} routes, ${failures.length} failures; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(failures.slice(0, 5)).toEqual([]);
      expect(sent).toBe(RUNS);

      // Tasks the fuzz submitted run to an end; nothing else waits on a failing activity.
      await waitFor(
        'fuzz-started tasks to finish',
        async () => {
          for await (const _ of p.client.workflow.list({
            query: `ExecutionStatus = 'Running' AND TaskQueue = '${p.taskQueue}' AND WorkflowType = 'processTask'`,
          }))
            return undefined;
          return true;
        },
        120_000,
      );
      for await (const wf of p.client.workflow.list({
        query: `ExecutionStatus = 'Running' AND TaskQueue = '${p.taskQueue}'`,
      })) {
        const d = await p.client.workflow.getHandle(wf.workflowId, wf.runId).describe();
        const retrying = (d.raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 1) > 3);
        expect({ workflow: wf.type, retrying: retrying.map((a) => a.activityType?.name) }).toEqual({
          workflow: wf.type,
          retrying: [],
        });
      }
    },
    Math.max(300_000, RUNS * 60),
  );
});

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Worker, NativeConnection } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { listen, type RunningServer } from '../../api/server';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId } from '../../schedules/schedule-definition';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startHttpFake, type HttpFake } from '../fakes/http-fake';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { launchChromium, type TestBrowser } from '../support/browser';
import { ownNamespace } from '../support/own-namespace';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { terminateRunning } from '../support/workflow-runs';

/** Git-ignored: screenshots of each panel, kept as test artifacts. */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/dashboard');
const NAMESPACE = 'dashboard-browser';

export interface DashboardHarness {
  p: TestPlatform;
  llm: OpenAiFake;
  /** Stands in for the Temporal Web UI: records the paths the run links open. */
  webUi: HttpFake;
  webUiPaths: string[];
  server: RunningServer;
  browser: TestBrowser;
  page: Page;
  /** Uncaught page errors and console errors: the page must have none. */
  pageErrors: string[];
  screenshot(name: string, target?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real platform in a namespace of its own (its schedules are the real ids: Stop/Start Scheduler
 * acts on them), a worker, the fake LLM, the API on an ephemeral port, and headless chromium.
 */
export async function startDashboard(): Promise<DashboardHarness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ownNamespace(NAMESPACE);
  const llm = await startOpenAiFake();
  const webUiPaths: string[] = [];
  const webUi = await startHttpFake((req) => {
    webUiPaths.push(req.path);
    return { status: 200, body: { temporalWebUi: req.path } };
  });
  const p = await createTestPlatform(
    {
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LLM_HEARTBEAT_SECONDS: '2',
      TEMPORAL_UI_PUBLIC_URL: webUi.url,
      SESSION_SECRET: 'dashboard-browser-session-secret',
    },
    undefined,
    { namespace: NAMESPACE },
  );
  const { worker, connection } = await createTestWorker(p.taskQueue, p.activities, undefined, NAMESPACE);
  const workerDone = worker.run();
  await syncSchedules(p.client, scheduleDefinitions(p.config), p.taskQueue);
  const server = await listen(p.app, 0, '127.0.0.1');
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // Chromium logs every 4xx answer as "Failed to load resource"; those are expected here (routes not
  // built yet, the wrong key, the CSRF check). Anything else logged as an error is a script's fault.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text());
  });
  page.on('dialog', (d) => void d.accept()); // every action's confirmation
  return {
    p,
    llm,
    webUi,
    webUiPaths,
    server,
    browser,
    page,
    pageErrors,
    async screenshot(name, target) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      if (target) await page.locator(target).screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
      await closeWorker(worker, connection, workerDone);
      for (const d of scheduleDefinitions(p.config)) {
        await p.client.schedule
          .getHandle(fullScheduleId(d.id))
          .delete()
          .catch(() => undefined);
      }
      await terminateRunning(p.client, p.taskQueue);
      await p.close();
      await llm.close();
      await webUi.close();
    },
  };
}

async function closeWorker(worker: Worker, connection: NativeConnection, done: Promise<void>) {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await done.catch(() => undefined);
  await connection.close();
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker, NativeConnection } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { listen, type RunningServer } from '../../api/server';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId } from '../../schedules/schedule-definition';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startHttpFake, type HttpFake } from '../fakes/http-fake';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { launchBrowser, type BrowserName, type TestBrowser } from '../support/browser';
import { ownNamespace } from '../support/own-namespace';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { terminateRunning } from '../support/workflow-runs';

/** Git-ignored: screenshots of each panel, kept as test artifacts. */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/dashboard');

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
  /** Reloads at phone width (375×812), waits for every panel, and answers how far the page reaches past the right edge. */
  phoneWidthOverflow(): Promise<number>;
  close(): Promise<void>;
}

export const PANELS = ['health', 'tasks', 'money', 'schedules', 'routines'];

/**
 * The real platform in a namespace of its own (its schedules are the real ids: Stop/Start Scheduler
 * acts on them), a worker, the fake LLM, the API on an ephemeral port, and a headless browser.
 */
export async function startDashboard(
  browserName: BrowserName = 'chromium',
  namespace = 'dashboard-browser',
): Promise<DashboardHarness> {
  // Each browser's file passes its own namespace: both sync the platform's real schedule ids.
  const artifacts = browserName === 'chromium' ? ARTIFACTS : path.join(ARTIFACTS, browserName);
  mkdirSync(artifacts, { recursive: true });
  await ownNamespace(namespace);
  const replicaDir = mkdtempSync(path.join(tmpdir(), 'echopilot-dash-replica-'));
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
      // Its own snapshot folder: the health panel's "last snapshot" must not see another test file's
      // replica-sync runs (the default folder is under the shared DATA_DIR).
      RAILWAY_FALLBACK_PATH: replicaDir,
    },
    undefined,
    { namespace: namespace },
  );
  const { worker, connection } = await createTestWorker(p.taskQueue, p.activities, undefined, namespace);
  const workerDone = worker.run();
  await syncSchedules(p.client, scheduleDefinitions(p.config), p.taskQueue);
  const server = await listen(p.app, 0, '127.0.0.1');
  const browser = await launchBrowser(browserName);
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];

  // Chromium logs every 4xx answer as "Failed to load resource"; those are expected here (routes not
  // built yet, the wrong key, the CSRF check). Anything else logged as an error is a script's fault.
  // Firefox logs one CSP refusal of an inline <style> per screenshot (two in the Firefox file): playwright-core's
  // screenshot preparation (`inPagePrepareForScreenshots`) appends `<style>` elements to the page; over BiDi
  // that runs where the page's CSP applies, while Chromium's injected world is exempt from it. The dashboard's HTML and scripts create no <style> (uPlot styles through the CSSOM).
  const notOurs = (text: string) =>
    text.startsWith('Failed to load resource') ||
    (browserName === 'firefox' && text.includes('blocked an inline style (style-src-elem)'));
  // Over BiDi those refusals arrive as page errors, so both events go through the same filter.
  page.on('pageerror', (err) => {
    if (!notOurs(err.message)) pageErrors.push(err.message);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !notOurs(msg.text())) pageErrors.push(msg.text());
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
    async phoneWidthOverflow() {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.reload();
      for (const id of PANELS) {
        await page.waitForSelector(`#panel-${id}[data-state="ready"], #panel-${id}[data-state="not-available"]`);
      }
      // A string: the test compiles without the DOM types; it runs in the page.
      return Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    },
    async screenshot(name, target) {
      const file = path.join(artifacts, `${name}.png`);
      // caret 'initial': hiding the caret injects an inline <style>, which the page's CSP refuses (Firefox
      // reports that as a console error).
      if (target) await page.locator(target).screenshot({ path: file, caret: 'initial' });
      else await page.screenshot({ path: file, fullPage: true, caret: 'initial' });
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
      rmSync(replicaDir, { recursive: true, force: true });
    },
  };
}

async function closeWorker(worker: Worker, connection: NativeConnection, done: Promise<void>) {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await done.catch(() => undefined);
  await connection.close();
}

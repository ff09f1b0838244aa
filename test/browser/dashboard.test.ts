import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleWithResult } from '../../schedules/last-result';
import { createClient } from '../support/clients';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { TEST_DASH_KEY, adminHeaders } from '../support/test-config';
import { PANELS, startDashboard, type DashboardHarness } from './dashboard-harness';

type Schedules = { scheduler: string; schedules: (ScheduleWithResult & { scheduleId: string })[] };

/** The operator page in Debian's chromium, headless, against the real platform on an ephemeral port. */
describe('dashboard in a real browser', () => {
  let h: DashboardHarness;
  let url: string;
  let taskId: string;
  beforeAll(async () => {
    h = await startDashboard();
    url = `${h.server.url}/dashboard`;
    await createClient(
      h.p.app,
      { clientId: 'acme', name: 'Acme Ltd', email: 'ops@acme.example', budgetUsdPerMonth: 50 },
      '10.17.0.1',
    );
  }, 180_000);
  afterAll(async () => h?.close());

  const schedules = async (): Promise<Schedules> =>
    (await (await h.p.app.request('/api/schedules', { headers: adminHeaders('10.17.0.2') })).json()) as Schedules;
  const ready = (panel: string) =>
    h.page.waitForSelector(`#panel-${panel}[data-state="ready"], #panel-${panel}[data-state="not-available"]`);

  it('refuses a wrong key, then signs in with the right one', async () => {
    await h.page.goto(url);
    await h.page.fill('#key', 'not-the-dashboard-key');
    await h.page.click('#login-form button[type="submit"]');
    expect(await h.page.textContent('#login-error')).toContain('Wrong key');
    await h.screenshot('login-wrong-key');
    await h.page.fill('#key', TEST_DASH_KEY);
    await h.page.click('#login-form button[type="submit"]');
    await h.page.waitForSelector('#panels');
    const cookie = (await h.browser.context.cookies()).find((c) => c.name === 'echopilot_dash')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('shows the health panel: the 5-point check and a red/amber/green summary', async () => {
    await ready('health');
    const text = await h.page.textContent('#panel-health');
    for (const name of ['temporal', 'database']) expect(text).toContain(name);
    expect(text).toContain('Live ops');
    expect(text).toContain('Provider capacity');
    expect(['green', 'amber', 'red']).toContain(await h.page.getAttribute('#summary', 'data-level'));
    await h.screenshot('panel-health', '#panel-health');
  });

  it('submits a task and shows it reach done without a reload', async () => {
    await ready('tasks');
    let navigations = 0;
    h.page.on('framenavigated', (f) => {
      if (f === h.page.mainFrame()) navigations++;
    });
    await h.page.fill('#task-form [name="title"]', 'Browser task');
    await h.page.fill('#task-form [name="prompt"]', 'Say hello in French.');
    await h.page.fill('#task-form [name="clientId"]', 'acme');
    await h.page.click('#task-form button[type="submit"]');
    const done = await h.page.waitForSelector('#task-list .status[data-status="done"]', { timeout: 60_000 });
    taskId = (await done.getAttribute('data-task-id'))!;
    expect(navigations).toBe(0);
    const row = await h.page.textContent('#task-list tbody tr');
    expect(row).toContain('Browser task');
    expect(row).toContain('90'); // the fake QA's score
    await h.screenshot('panel-tasks', '#panel-tasks');
  });

  it("opens the task's run in the Temporal Web UI, and the task's own page", async () => {
    const [tab] = await Promise.all([
      h.browser.context.waitForEvent('page'),
      h.page.click(`#task-list a.run-link[href$="task-${taskId}"]`),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${h.webUi.url}/namespaces/dashboard-browser/workflows/task-${taskId}`);
    expect(h.webUiPaths).toContain(`/namespaces/dashboard-browser/workflows/task-${taskId}`);
    await tab.close();
    await h.page.goto(`${url}/tasks/${taskId}`);
    await h.page.waitForSelector('#task-status[data-status="done"]');
    const text = await h.page.textContent('#task-page');
    expect(text).toContain('Attempts and QA feedback');
    expect(text).toContain('good'); // the QA feedback
    expect(text).toMatch(/Answer number \d+/); // the result (a retried generation under load counts on)
    await h.screenshot('task-page');
    await h.page.goto(url);
  });

  it('replays a failed task from its page and watches the new run reach done', async () => {
    const failed = await insertFinished(h.p.database.db, {
      status: 'failed',
      failureType: 'timeout',
      clientId: 'acme',
      completedAt: hoursAgo(1),
    });
    await h.page.goto(`${url}/tasks/${failed.taskId}`);
    await h.page.click('#task-page button[data-action="replay"]');
    await h.page.waitForSelector('#task-status[data-status="done"]', { timeout: 60_000 });
    expect(await h.page.textContent('#task-page')).toMatch(/Answer number \d+/);
    await h.page.goto(url);
  });

  it('pauses and unpauses a schedule; GET /api/schedules sees each state', async () => {
    await ready('schedules');
    const id = 'echopilot-self-heal';
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="pause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="true"]`);
    let s = (await schedules()).schedules.find((x) => x.scheduleId === id)!;
    expect(s).toMatchObject({ paused: true, note: 'paused from the dashboard' });
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="unpause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="false"]`);
    s = (await schedules()).schedules.find((x) => x.scheduleId === id)!;
    expect(s.paused).toBe(false);
  });

  it("triggers a schedule and shows its last result: the run's status and the report it stored", async () => {
    const id = 'echopilot-heartbeat';
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="trigger"]`);
    // The panel refreshes every 10 s: the run shows up running, then completed with its report.
    const cell = await h.page.waitForSelector(`.last-result[data-schedule="${id}"][data-status="completed"]`, {
      timeout: 60_000,
    });
    const api = (await schedules()).schedules.find((x) => x.scheduleId === id)!.lastResult!;
    expect(api).toMatchObject({
      status: 'completed',
      report: { summary: expect.stringContaining('checks') as string },
    });
    expect(await cell.textContent()).toContain(api.report!.summary);
    expect(await (await cell.$('a'))!.getAttribute('href')).toBe(
      `${h.webUi.url}/namespaces/dashboard-browser/workflows/${encodeURIComponent(api.workflowId)}/${api.runId}/history`,
    );
  });

  it('stops and starts the scheduler', async () => {
    await h.page.click('button[data-action="stop scheduler"]');
    await h.page.waitForSelector('#scheduler-state:has-text("stopped")');
    expect((await schedules()).scheduler).toBe('stopped');
    await h.screenshot('panel-schedules', '#panel-schedules');
    await h.page.click('button[data-action="start scheduler"]');
    await h.page.waitForSelector('#scheduler-state:has-text("running")');
    expect((await schedules()).scheduler).toBe('running');
  });

  it('refuses a POST from the signed-in page that carries no CSRF token', async () => {
    const status = await h.page.evaluate(async () => {
      const res = await fetch('/api/scheduler/stop', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return res.status;
    });
    expect(status).toBe(403);
    expect((await schedules()).scheduler).toBe('running');
  });

  it('shows pricing and ops brain recommendations, applies a price, and the reports and DSR sections', async () => {
    await createClient(
      h.p.app,
      { clientId: 'price-a', name: 'Price A', email: 'a@price.example', pricePerTaskUsd: 1 },
      '10.17.0.1',
    );
    // 25 finished tasks at $1.00 of LLM cost, two attempts each: the pricing AI recommends $1.00 → $1.10.
    for (let i = 0; i < 25; i++)
      await insertFinished(h.p.database.db, {
        status: 'done',
        clientId: 'price-a',
        qaScore: 88,
        completedAt: hoursAgo(1 + i),
        costMicroUsd: 1_000_000,
        attempts: 2,
      });
    const post = (path: string) =>
      h.p.app.request(path, { method: 'POST', headers: adminHeaders('10.17.0.3'), body: '{"waitSeconds":60}' });
    h.llm.qa.push({ content: JSON.stringify({ explanations: ['Raise Price A a little.', 'Raise the plan.'] }) });
    expect((await post('/api/pricing/optimize')).status).toBe(200);
    h.llm.qa.push({
      content: JSON.stringify({
        recommendations: [
          { action: 'Look into the rework', target: 'client:price-a', severity: 'warning', rationale: '2 attempts' },
        ],
      }),
    });
    expect((await post('/api/brain/decide')).status).toBe(200);

    await h.page.reload();
    await ready('routines');
    const routines = h.page.locator('#panel-routines');
    const rec = routines.locator('tr:has-text("client price-a")').first();
    expect(await rec.textContent()).toContain('$1.00 → $1.10');
    expect(await routines.textContent()).toContain('Look into the rework');
    expect(await routines.textContent()).toContain('No DSR tickets.');
    expect(await routines.locator('a[href="/exec-report?format=pdf"]').count()).toBe(1);
    expect(await routines.locator('button[data-action="exec-brief"]').count()).toBe(1);
    await rec.locator('button[data-action="apply-pricing"]').click();
    await h.page.waitForSelector('#panel-routines tr:has-text("client price-a"):has-text("applied")');
    const client = await h.p.app.request('/api/clients/price-a', { headers: adminHeaders('10.17.0.2') });
    expect(await client.json()).toMatchObject({ pricePerTaskUsd: '1.10' });
    await ready('health');
    // The replica-sync schedule is live here (every 2 h): the panel says what the route says.
    const regions = (await (
      await h.p.app.request('/api/regions/status', { headers: adminHeaders('10.17.0.2') })
    ).json()) as { last: { files: number } | null };
    const snapshotLine = await h.page.textContent('#panel-health .snapshot');
    if (regions.last) expect(snapshotLine).toContain(`${regions.last.files} files`);
    else expect(snapshotLine).toContain('no verified snapshot yet');
  });

  it('draws money and routines with a sign-first money format', async () => {
    await ready('money');
    await ready('routines');
    const money = await h.page.textContent('#panel-money');
    expect(money).toContain('Acme Ltd');
    expect(money).not.toContain('$-');
    expect(await h.page.locator('.not-available').count()).toBe(0);
    await h.screenshot('panel-money', '#panel-money');
    await h.screenshot('panel-routines', '#panel-routines');
    await h.screenshot('dashboard-full');
    expect(h.pageErrors).toEqual([]);
  });

  it('at phone width (375x812) nothing scrolls sideways and every panel is reachable and usable', async () => {
    expect(await h.phoneWidthOverflow()).toBeLessThanOrEqual(0);
    // Strings: the test compiles without the DOM types; they run in the page.
    // Nothing drawn past either edge, not even inside a box that scrolls on its own.
    const outside = await h.page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))`);
    expect(outside).toEqual([]);
    for (const id of PANELS) {
      // Each header link scrolls its panel to the top of the screen.
      await h.page.click(`header nav a[href="/dashboard#panel-${id}"]`);
      await h.page.waitForFunction(
        `Math.abs(document.getElementById('panel-${id}').getBoundingClientRect().top) < 2 || window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1`,
      );
      expect(await h.page.locator(`#panel-${id}`).isVisible()).toBe(true);
      await h.screenshot(`phone-panel-${id}`, `#panel-${id}`);
    }
    // Usable: the task form takes input, and a schedule's buttons are clickable (Playwright clicks only
    // what is visible, enabled and not covered).
    await h.page.fill('#task-form [name="title"]', 'typed on a phone');
    expect(await h.page.inputValue('#task-form [name="title"]')).toBe('typed on a phone');
    const id = 'echopilot-self-heal';
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="pause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="true"]`);
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="unpause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="false"]`);
    await h.page.evaluate('window.scrollTo(0, 0)');
    await h.screenshot('dashboard-phone');
    expect(h.pageErrors).toEqual([]);
    await h.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs out: back to the form, and the API no longer takes the old session', async () => {
    await h.page.click('#logout-form button[type="submit"]');
    await h.page.waitForSelector('#login-form');
    const status = await h.page.evaluate(async () => (await fetch('/api/system-health')).status);
    expect(status).toBe(401);
    expect(h.pageErrors).toEqual([]);
  });
});

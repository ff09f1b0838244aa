import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DASH_KEY, adminHeaders } from '../support/test-config';
import { PANELS, startDashboard, type DashboardHarness } from './dashboard-harness';

type Schedules = { scheduler: string; schedules: { scheduleId: string; paused: boolean }[] };

/**
 * The same page in Debian's Firefox ESR, headless, driven over WebDriver BiDi: sign-in, every panel
 * drawn, a schedule action, the CSRF check, phone width and logout, with no script error.
 */
describe('dashboard in Firefox (WebDriver BiDi)', () => {
  let h: DashboardHarness;
  let url: string;
  beforeAll(async () => {
    h = await startDashboard('firefox', 'dashboard-firefox');
    url = `${h.server.url}/dashboard`;
  }, 180_000);
  afterAll(async () => h?.close());

  const schedules = async (): Promise<Schedules> =>
    (await (await h.p.app.request('/api/schedules', { headers: adminHeaders('10.18.0.2') })).json()) as Schedules;
  const ready = (panel: string) => h.page.waitForSelector(`#panel-${panel}[data-state="ready"]`);

  it('refuses a wrong key, then signs in and draws every panel', async () => {
    await h.page.goto(url);
    await h.page.fill('#key', 'not-the-dashboard-key');
    await h.page.click('#login-form button[type="submit"]');
    expect(await h.page.textContent('#login-error')).toContain('Wrong key');
    await h.page.fill('#key', TEST_DASH_KEY);
    await h.page.click('#login-form button[type="submit"]');
    await h.page.waitForSelector('#panels');
    for (const id of PANELS) await ready(id);
    await h.page.waitForSelector('#summary:not([data-level="unknown"])');
    expect(['green', 'amber', 'red']).toContain(await h.page.getAttribute('#summary', 'data-level'));
    expect(await h.page.textContent('#panel-health')).toContain('Live ops');
    await h.screenshot('dashboard-full');
  });

  it('pauses and unpauses a schedule from the page; GET /api/schedules sees each state', async () => {
    const id = 'echopilot-self-heal';
    const state = async () => (await schedules()).schedules.find((x) => x.scheduleId === id)!.paused;
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="pause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="true"]`);
    expect(await state()).toBe(true);
    await h.page.click(`#panel-schedules tr:has([data-schedule="${id}"]) button[data-action="unpause"]`);
    await h.page.waitForSelector(`[data-schedule="${id}"][data-paused="false"]`);
    expect(await state()).toBe(false);
  });

  it('refuses a POST from the signed-in page that carries no CSRF token', async () => {
    const status = await h.page.evaluate(
      "fetch('/api/scheduler/stop', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)",
    );
    expect(status).toBe(403);
    expect((await schedules()).scheduler).toBe('running');
  });

  it('at phone width (375x812) nothing scrolls sideways', async () => {
    expect(await h.phoneWidthOverflow()).toBeLessThanOrEqual(0);
    await h.screenshot('dashboard-phone');
    await h.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs out: back to the form, and the API no longer takes the old session', async () => {
    await h.page.click('#logout-form button[type="submit"]');
    await h.page.waitForSelector('#login-form');
    expect(await h.page.evaluate("fetch('/api/system-health').then((r) => r.status)")).toBe(401);
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { ApiApp } from '../../api/app-env';
import { createSessionRevocationStore } from '../../infra/db/repositories/session-revocations';
import { dashboardLogin } from '../support/dashboard-login';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/**
 * Logout revokes the session server-side: the cookie copied before the logout and replayed after it
 * is refused, also by a second API instance on the same database (as `echopilot api` run twice).
 */
describe('dashboard logout ends the session everywhere (revocations in the database)', () => {
  let p: TestPlatform;
  let other: ApiApp;
  beforeAll(async () => {
    p = await createTestPlatform();
    // Its own app, session code and store: nothing shared with p.app but the database.
    other = createApp({ ...p.appDeps, sessionRevocations: createSessionRevocationStore(p.database.db) });
  });
  afterAll(async () => p.close());

  const read = (app: ApiApp, cookie: string, ip: string) =>
    app.request('/api/system-health', { headers: { cookie, 'X-Forwarded-For': ip } });

  it('refuses the copied cookie replayed after logout: 401 on the API, the sign-in form on the page', async () => {
    const ip = '10.18.0.1';
    const d = dashboardLogin(p.app);
    const s = await d.session(ip);
    const copy = s.cookie;
    expect((await read(p.app, copy, ip)).status).toBe(200);
    expect((await d.logout(ip, s.cookie, s.csrf)).status).toBe(303);
    const replay = await read(p.app, copy, ip);
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('session_expired');
    const page = await p.app.request('/dashboard', { headers: { cookie: copy, 'X-Forwarded-For': ip } });
    expect(await page.text()).toContain('name="key"');
    // A state change with the replayed cookie and its old CSRF token is refused too.
    const stop = await p.app.request('/api/scheduler/stop', {
      method: 'POST',
      headers: { cookie: copy, 'x-csrf-token': s.csrf, 'X-Forwarded-For': ip, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(stop.status).toBe(401);
  });

  it('a logout on one API instance holds on another sharing the database, both ways', async () => {
    const ip = '10.18.0.2';
    const viaFirst = await dashboardLogin(p.app).session(ip);
    expect((await read(other, viaFirst.cookie, ip)).status).toBe(200); // the session works on both
    expect((await dashboardLogin(p.app).logout(ip, viaFirst.cookie, viaFirst.csrf)).status).toBe(303);
    const replay = await read(other, viaFirst.cookie, ip);
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('session_expired');

    const viaSecond = await dashboardLogin(other).session(ip);
    expect((await read(p.app, viaSecond.cookie, ip)).status).toBe(200);
    expect((await dashboardLogin(other).logout(ip, viaSecond.cookie, viaSecond.csrf)).status).toBe(303);
    expect((await read(p.app, viaSecond.cookie, ip)).status).toBe(401);
  });

  it('a replayed logged-out cookie is no wrong key: it never counts toward the ban', async () => {
    const ip = '10.18.0.3';
    const d = dashboardLogin(p.app);
    const s = await d.session(ip);
    await d.logout(ip, s.cookie, s.csrf);
    for (let i = 0; i < 5; i++) expect((await read(other, s.cookie, ip)).status).toBe(401);
    const withKey = await p.app.request('/api/system-health', {
      headers: { 'X-Dash-Key': p.config.auth.dashboardKey!, 'X-Forwarded-For': ip },
    });
    expect(withKey.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { cookieValue, dashboardLogin, setCookies } from '../support/dashboard-login';

describe('dashboard sign-in, session cookie, CSRF and headers (app.request)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  const d = () => dashboardLogin(p.app);
  const loginForm = (ip: string, base?: string) => d().loginForm(ip, base);
  const login = (ip: string, key: string, base?: string, extra?: Record<string, string>) =>
    d().login(ip, key, base, extra);
  const session = (ip: string) => d().session(ip);

  it('serves the login page with a CSP without inline scripts, no framing and no referrer', async () => {
    const { res } = await loginForm('10.16.0.1');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="key"');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('signs in with the key: an HttpOnly, SameSite=Strict, expiring cookie, not Secure over http', async () => {
    const res = await login('10.16.0.2', TEST_DASH_KEY);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
    const line = setCookies(res).get('echopilot_dash')!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Strict/);
    expect(line).toMatch(/Path=\//);
    expect(line).toMatch(/Max-Age=43200/); // DASHBOARD_SESSION_HOURS default 12
    expect(line).not.toMatch(/Secure/);
    expect(line).not.toContain(TEST_DASH_KEY);
  });

  it('marks the cookie Secure over https, and behind a trusted proxy saying https', async () => {
    const direct = await login('10.16.0.3', TEST_DASH_KEY, 'https://localhost');
    expect(setCookies(direct).get('echopilot_dash')).toMatch(/; Secure/);
    const proxied = await login('10.16.0.4', TEST_DASH_KEY, 'http://localhost', { 'X-Forwarded-Proto': 'https' });
    expect(setCookies(proxied).get('echopilot_dash')).toMatch(/; Secure/);
  });

  it('honours DASHBOARD_SESSION_HOURS for the cookie lifetime', async () => {
    const q = await createTestPlatform({ DASHBOARD_SESSION_HOURS: '2' });
    try {
      const form = await q.app.request('/dashboard', { headers: { 'X-Forwarded-For': '10.16.0.5' } });
      const nonce = cookieValue(setCookies(form).get('echopilot_dash_login')!);
      const res = await q.app.request('/dashboard/login', {
        method: 'POST',
        headers: {
          'X-Forwarded-For': '10.16.0.5',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `echopilot_dash_login=${nonce}`,
        },
        body: new URLSearchParams({ key: TEST_DASH_KEY, csrf: nonce }).toString(),
      });
      expect(setCookies(res).get('echopilot_dash')).toMatch(/Max-Age=7200/);
    } finally {
      await q.close();
    }
  });

  it('lets the session cookie read the admin API; the page carries the CSRF token in a meta tag only', async () => {
    const s = await session('10.16.0.6');
    expect(s.page).toContain('id="panel-health"');
    expect(s.page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script has a src: no inline code
    expect(s.page).not.toMatch(/\son[a-z]+=/); // no inline event handlers
    const res = await p.app.request('/api/system-health', {
      headers: { cookie: s.cookie, 'X-Forwarded-For': '10.16.0.6' },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a state change with the cookie but without (or with a wrong) CSRF token', async () => {
    const s = await session('10.16.0.7');
    const post = (headers: Record<string, string>) =>
      p.app.request('/api/tasks', {
        method: 'POST',
        headers: { cookie: s.cookie, 'X-Forwarded-For': '10.16.0.7', 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ title: '' }),
      });
    const none = await post({});
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    expect((await post({ 'X-CSRF-Token': 'x'.repeat(43) })).status).toBe(403);
    // With the token the request reaches validation: the empty title is the only complaint.
    const ok = await post({ 'X-CSRF-Token': s.csrf });
    expect(ok.status).toBe(400);
    expect(await ok.text()).toContain('title');
  });

  it('keeps X-Dash-Key working for scripts, with no CSRF token', async () => {
    const res = await p.app.request('/api/tasks', {
      method: 'POST',
      headers: { 'X-Dash-Key': TEST_DASH_KEY, 'X-Forwarded-For': '10.16.0.8', 'content-type': 'application/json' },
      body: JSON.stringify({ title: '' }),
    });
    expect(res.status).toBe(400);
  });

  it('counts wrong keys at the login form toward the same ban as the admin API', async () => {
    const ip = '10.16.0.9';
    expect((await login(ip, 'wrong-key-1')).status).toBe(401);
    const api = await p.app.request('/api/system-health', {
      headers: { 'X-Dash-Key': 'wrong', 'X-Forwarded-For': ip },
    });
    expect(api.status).toBe(401);
    const third = await login(ip, 'wrong-key-2');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('600');
    // Banned: the right key is refused too, at the form and at the API.
    expect((await login(ip, TEST_DASH_KEY)).status).toBe(429);
    const withKey = await p.app.request('/api/system-health', {
      headers: { 'X-Dash-Key': TEST_DASH_KEY, 'X-Forwarded-For': ip },
    });
    expect(withKey.status).toBe(429);
  });

  it('refuses a login POST without the form nonce (login CSRF) and a forged session cookie', async () => {
    const res = await p.app.request('/dashboard/login', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '10.16.0.10', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: TEST_DASH_KEY }).toString(),
    });
    expect(res.status).toBe(403);
    expect(setCookies(res).has('echopilot_dash')).toBe(false);
    const s = await session('10.16.0.11');
    const forged = s.cookie.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const api = await p.app.request('/api/system-health', {
      headers: { cookie: forged, 'X-Forwarded-For': '10.16.0.11' },
    });
    expect(api.status).toBe(401);
  });

  it('logs out with the CSRF token: the cookie is cleared and the old one no longer works', async () => {
    const ip = '10.16.0.12';
    const s = await session(ip);
    const form = (csrf?: string) => d().logout(ip, s.cookie, csrf);
    expect((await form()).status).toBe(403);
    const out = await form(s.csrf);
    expect(out.status).toBe(303);
    expect(setCookies(out).get('echopilot_dash')).toMatch(/Max-Age=0/);
    const after = await p.app.request('/api/system-health', { headers: { cookie: s.cookie, 'X-Forwarded-For': ip } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('session_expired');
    const page = await p.app.request('/dashboard', { headers: { cookie: s.cookie, 'X-Forwarded-For': ip } });
    expect(await page.text()).toContain('name="key"');
  });

  it('serves its scripts, styles and the vendored chart library; an unknown name is a 400 naming the field', async () => {
    const js = await p.app.request('/dashboard/assets/dash-core.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await p.app.request('/dashboard/assets/uplot.js')).status).toBe(200);
    expect((await p.app.request('/dashboard/assets/uplot.css')).headers.get('content-type')).toContain('text/css');
    const unknown = await p.app.request('/dashboard/assets/nope.js');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('file');
    const bad = await p.app.request('/dashboard/assets/..%2Fapp.ts');
    expect(bad.status).toBe(400);
  });

  it('sends a task page to the login form without a session', async () => {
    const res = await p.app.request('/dashboard/tasks/abc', { headers: { 'X-Forwarded-For': '10.16.0.13' } });
    expect(res.status).toBe(303);
    expect((await p.app.request('/dashboard/tasks/bad%20id')).status).toBe(400);
  });
});

import type { ApiApp } from '../../api/app-env';
import { TEST_DASH_KEY } from './test-config';

/** Cookies a response set, by name: the raw `Set-Cookie` line of each. */
export function setCookies(res: Response): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((line) => [line.split('=')[0]!, line]));
}
export const cookieValue = (line: string) => line.split(';')[0]!.split('=').slice(1).join('=');

/** The dashboard's sign-in as a browser does it, over `app.request`. */
export function dashboardLogin(app: ApiApp) {
  /** The login form's nonce cookie and field, as a browser would get them from GET /dashboard. */
  async function loginForm(ip: string, base = 'http://localhost') {
    const res = await app.request(`${base}/dashboard`, { headers: { 'X-Forwarded-For': ip } });
    const line = setCookies(res).get('echopilot_dash_login')!;
    return { nonce: cookieValue(line), res };
  }
  async function login(ip: string, key: string, base = 'http://localhost', extra: Record<string, string> = {}) {
    const { nonce } = await loginForm(ip, base);
    return app.request(`${base}/dashboard/login`, {
      method: 'POST',
      headers: {
        'X-Forwarded-For': ip,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `echopilot_dash_login=${nonce}`,
        ...extra,
      },
      body: new URLSearchParams({ key, csrf: nonce }).toString(),
    });
  }
  /** Signs in and returns the session cookie and the page's CSRF token. */
  async function session(ip: string) {
    const res = await login(ip, TEST_DASH_KEY);
    const cookie = `echopilot_dash=${cookieValue(setCookies(res).get('echopilot_dash')!)}`;
    const page = await (await app.request('/dashboard', { headers: { cookie, 'X-Forwarded-For': ip } })).text();
    const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)![1]!;
    return { cookie, csrf, page };
  }
  /** POST /dashboard/logout with the session cookie and, when given, the CSRF token as the form field. */
  const logout = (ip: string, cookie: string, csrf?: string) =>
    app.request('/dashboard/logout', {
      method: 'POST',
      headers: { cookie, 'X-Forwarded-For': ip, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(csrf ? { csrf } : {}).toString(),
    });
  return { loginForm, login, session, logout };
}

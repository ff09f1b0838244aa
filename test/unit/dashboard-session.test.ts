import { describe, expect, it } from 'vitest';
import { createDashboardSessions } from '../../api/dashboard/dashboard-session';
import { ConfigError, loadConfig } from '../../infra/config/load-config';

const KEY = 'dashboard-key-0123456789';
const HOUR = 3_600_000;

describe('dashboard sessions (signed cookie values)', () => {
  it('accepts its own token until it expires', () => {
    let now = 1_000_000;
    const s = createDashboardSessions({
      dashboardKey: KEY,
      sessionSecret: 's'.repeat(32),
      ttlMs: HOUR,
      now: () => now,
    });
    const { token, sid } = s.issue();
    expect(s.verify(token)).toMatchObject({ ok: true, sid });
    now += HOUR;
    expect(s.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an altered token, one signed with another secret, and one from before a key rotation', () => {
    const a = createDashboardSessions({ dashboardKey: KEY, sessionSecret: 'a'.repeat(32), ttlMs: HOUR });
    const { token } = a.issue();
    const [v, sid, exp, mac] = token.split('.');
    expect(a.verify(`${v}.${sid}.${Number(exp) + 1}.${mac}`)).toEqual({ ok: false, reason: 'tampered' });
    const b = createDashboardSessions({ dashboardKey: KEY, sessionSecret: 'b'.repeat(32), ttlMs: HOUR });
    expect(b.verify(token)).toEqual({ ok: false, reason: 'tampered' });
    const rotated = createDashboardSessions({ dashboardKey: `${KEY}-new`, sessionSecret: 'a'.repeat(32), ttlMs: HOUR });
    expect(rotated.verify(token)).toEqual({ ok: false, reason: 'tampered' });
    expect(a.verify(undefined)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('binds the CSRF token to its session and forgets logged-out sessions', () => {
    const s = createDashboardSessions({ dashboardKey: KEY, ttlMs: HOUR });
    const one = s.issue();
    const two = s.issue();
    expect(s.csrfMatches(one.sid, s.csrfFor(one.sid))).toBe(true);
    expect(s.csrfMatches(one.sid, s.csrfFor(two.sid))).toBe(false);
    expect(s.csrfMatches(one.sid, undefined)).toBe(false);
    s.logout(one.sid, one.expiresAt);
    expect(s.verify(one.token)).toEqual({ ok: false, reason: 'expired' });
    expect(s.verify(two.token).ok).toBe(true);
  });

  it('reads DASHBOARD_SESSION_HOURS (default 12) and refuses values out of range naming the variable', () => {
    expect(loadConfig({}).auth.dashboardSessionMs).toBe(12 * HOUR);
    expect(loadConfig({ DASHBOARD_SESSION_HOURS: '3' }).auth.dashboardSessionMs).toBe(3 * HOUR);
    expect(() => loadConfig({ DASHBOARD_SESSION_HOURS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DASHBOARD_SESSION_HOURS: 'soon' })).toThrow(/DASHBOARD_SESSION_HOURS/);
  });
});

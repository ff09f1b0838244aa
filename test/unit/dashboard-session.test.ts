import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardSessions, type DashboardSessionOptions } from '../../api/dashboard/dashboard-session';
import { ConfigError, loadConfig } from '../../infra/config/load-config';
import type { Database } from '../../infra/db/open-database';
import { createSessionRevocationStore } from '../../infra/db/repositories/session-revocations';
import { revokedDashboardSessions } from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';

const KEY = 'dashboard-key-0123456789';
const HOUR = 3_600_000;

describe('dashboard sessions (signed cookie values, logouts kept in the database)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());
  const sessions = (o: Omit<DashboardSessionOptions, 'revocations'>) =>
    createDashboardSessions({ ...o, revocations: createSessionRevocationStore(database.db) });

  it('accepts its own token until it expires', async () => {
    let now = 1_000_000;
    const s = sessions({
      dashboardKey: KEY,
      sessionSecret: 's'.repeat(32),
      ttlMs: HOUR,
      now: () => now,
    });
    const { token, sid } = s.issue();
    expect(await s.verify(token)).toMatchObject({ ok: true, sid });
    now += HOUR;
    expect(await s.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an altered token, one signed with another secret, and one from before a key rotation', async () => {
    const a = sessions({ dashboardKey: KEY, sessionSecret: 'a'.repeat(32), ttlMs: HOUR });
    const { token } = a.issue();
    const [v, sid, exp, mac] = token.split('.');
    expect(await a.verify(`${v}.${sid}.${Number(exp) + 1}.${mac}`)).toEqual({ ok: false, reason: 'tampered' });
    const b = sessions({ dashboardKey: KEY, sessionSecret: 'b'.repeat(32), ttlMs: HOUR });
    expect(await b.verify(token)).toEqual({ ok: false, reason: 'tampered' });
    const rotated = sessions({ dashboardKey: `${KEY}-new`, sessionSecret: 'a'.repeat(32), ttlMs: HOUR });
    expect(await rotated.verify(token)).toEqual({ ok: false, reason: 'tampered' });
    expect(await a.verify(undefined)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('binds the CSRF token to its session and refuses a logged-out one', async () => {
    const s = sessions({ dashboardKey: KEY, ttlMs: HOUR });
    const one = s.issue();
    const two = s.issue();
    expect(s.csrfMatches(one.sid, s.csrfFor(one.sid))).toBe(true);
    expect(s.csrfMatches(one.sid, s.csrfFor(two.sid))).toBe(false);
    expect(s.csrfMatches(one.sid, undefined)).toBe(false);
    await s.logout(one.sid, one.expiresAt);
    expect(await s.verify(one.token)).toEqual({ ok: false, reason: 'expired' });
    expect((await s.verify(two.token)).ok).toBe(true);
  });

  it('a logout holds for another instance on the same database; rows go once the session would have expired', async () => {
    let now = 5_000_000;
    const opts = { dashboardKey: KEY, sessionSecret: 'p'.repeat(32), ttlMs: HOUR, now: () => now };
    const a = sessions(opts);
    const b = sessions(opts);
    const gone = a.issue();
    const kept = a.issue();
    expect((await b.verify(gone.token)).ok).toBe(true);
    await a.logout(gone.sid, gone.expiresAt);
    expect(await b.verify(gone.token)).toEqual({ ok: false, reason: 'expired' });
    expect((await b.verify(kept.token)).ok).toBe(true);
    const rows = async () => (await database.db.select().from(revokedDashboardSessions)).map((r) => r.sid);
    expect(await rows()).toContain(gone.sid);
    now += HOUR; // both sessions have expired on their own: the next logout clears the old row
    const later = a.issue();
    await a.logout(later.sid, later.expiresAt);
    expect(await rows()).not.toContain(gone.sid);
    expect(await rows()).toContain(later.sid);
  });

  it('reads DASHBOARD_SESSION_HOURS (default 12) and refuses values out of range naming the variable', () => {
    expect(loadConfig({}).auth.dashboardSessionMs).toBe(12 * HOUR);
    expect(loadConfig({ DASHBOARD_SESSION_HOURS: '3' }).auth.dashboardSessionMs).toBe(3 * HOUR);
    expect(() => loadConfig({ DASHBOARD_SESSION_HOURS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DASHBOARD_SESSION_HOURS: 'soon' })).toThrow(/DASHBOARD_SESSION_HOURS/);
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { keysMatch } from '../middleware/dash-auth';

/** The cookie that carries a signed-in operator's session (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'echopilot_dash';
/** Header the page's script sends its CSRF token in; forms send the same value as field `csrf`. */
export const CSRF_HEADER = 'x-csrf-token';

export interface DashboardSessionOptions {
  /** SESSION_SECRET; unset: a key derived from the dashboard key (README "Dashboard"). */
  sessionSecret?: string;
  dashboardKey: string;
  ttlMs: number;
  now?: () => number;
}

export type SessionCheck = { ok: true; sid: string; expiresAt: number } | { ok: false; reason: 'tampered' | 'expired' };

const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Stateless signed sessions: `v1.<sid>.<expiresAtMs>.<mac>`. The MAC also covers a digest of the
 * dashboard key, so rotating the key ends every session. Logged-out sids are remembered until they
 * expire (per process; README "Known limits").
 */
export function createDashboardSessions(opts: DashboardSessionOptions) {
  const now = opts.now ?? Date.now;
  const secret = opts.sessionSecret ?? createHmac('sha256', opts.dashboardKey).update('dashboard-session').digest();
  const keyTag = createHmac('sha256', 'dashboard-key-tag').update(opts.dashboardKey).digest('hex').slice(0, 16);
  const mac = (purpose: string, text: string) =>
    b64(createHmac('sha256', secret).update(`${purpose}|${keyTag}|${text}`).digest());
  const loggedOut = new Map<string, number>(); // sid → expiresAt

  const forget = () => {
    const t = now();
    for (const [sid, exp] of loggedOut) if (exp <= t) loggedOut.delete(sid);
  };

  return {
    ttlMs: opts.ttlMs,
    /** A new session: the cookie value and when it expires. */
    issue(): { token: string; sid: string; expiresAt: number } {
      const sid = b64(randomBytes(18));
      const expiresAt = now() + opts.ttlMs;
      const body = `v1.${sid}.${expiresAt}`;
      return { token: `${body}.${mac('session', body)}`, sid, expiresAt };
    },
    verify(token: string | undefined): SessionCheck {
      const m = /^v1\.([\w-]{24})\.(\d{1,15})\.([\w-]{43})$/.exec(token ?? '');
      if (!m) return { ok: false, reason: 'tampered' };
      const [, sid, exp, given] = m as unknown as [string, string, string, string];
      if (!keysMatch(given, mac('session', `v1.${sid}.${exp}`))) return { ok: false, reason: 'tampered' };
      const expiresAt = Number(exp);
      if (expiresAt <= now() || loggedOut.has(sid)) return { ok: false, reason: 'expired' };
      return { ok: true, sid, expiresAt };
    },
    /** The CSRF token bound to one session (synchronizer token, derived so nothing is stored). */
    csrfFor: (sid: string) => mac('csrf', sid),
    csrfMatches(sid: string, given: string | undefined): boolean {
      return given !== undefined && given !== '' && keysMatch(given, mac('csrf', sid));
    },
    /** Token for the login form (before a session exists): double-submitted as cookie and field. */
    loginNonce: () => b64(randomBytes(18)),
    logout(sid: string, expiresAt: number): void {
      forget();
      loggedOut.set(sid, expiresAt);
    },
  };
}
export type DashboardSessions = ReturnType<typeof createDashboardSessions>;

import { createHmac, randomBytes } from 'node:crypto';
import type { SessionRevocationStore } from '../../infra/db/repositories/session-revocations';
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
  /** Logged-out sessions, in the database: a logout holds in every API process. */
  revocations: Pick<SessionRevocationStore, 'revoke' | 'isRevoked'>;
  now?: () => number;
}

export type SessionCheck = { ok: true; sid: string; expiresAt: number } | { ok: false; reason: 'tampered' | 'expired' };

const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Stateless signed sessions: `v1.<sid>.<expiresAtMs>.<mac>`. The MAC also covers a digest of the
 * dashboard key, so rotating the key ends every session. Logged-out sids are kept in the database
 * until they expire, so the same cookie replayed after a logout is refused by every API process.
 */
export function createDashboardSessions(opts: DashboardSessionOptions) {
  const now = opts.now ?? Date.now;
  const secret = opts.sessionSecret ?? createHmac('sha256', opts.dashboardKey).update('dashboard-session').digest();
  const keyTag = createHmac('sha256', 'dashboard-key-tag').update(opts.dashboardKey).digest('hex').slice(0, 16);
  const mac = (purpose: string, text: string) =>
    b64(createHmac('sha256', secret).update(`${purpose}|${keyTag}|${text}`).digest());
  /** Signature and expiry only: what the token itself proves, without asking the database. */
  function verifySigned(token: string | undefined): SessionCheck {
    const m = /^v1\.([\w-]{24})\.(\d{1,15})\.([\w-]{43})$/.exec(token ?? '');
    if (!m) return { ok: false, reason: 'tampered' };
    const [, sid, exp, given] = m as unknown as [string, string, string, string];
    if (!keysMatch(given, mac('session', `v1.${sid}.${exp}`))) return { ok: false, reason: 'tampered' };
    const expiresAt = Number(exp);
    if (expiresAt <= now()) return { ok: false, reason: 'expired' };
    return { ok: true, sid, expiresAt };
  }

  return {
    ttlMs: opts.ttlMs,
    /** A new session: the cookie value and when it expires. */
    issue(): { token: string; sid: string; expiresAt: number } {
      const sid = b64(randomBytes(18));
      const expiresAt = now() + opts.ttlMs;
      const body = `v1.${sid}.${expiresAt}`;
      return { token: `${body}.${mac('session', body)}`, sid, expiresAt };
    },
    /** A valid, unexpired token whose session was not logged out (a logged-out one reads as expired). */
    async verify(token: string | undefined): Promise<SessionCheck> {
      const s = verifySigned(token);
      if (s.ok && (await opts.revocations.isRevoked(s.sid))) return { ok: false, reason: 'expired' };
      return s;
    },
    /** The CSRF token bound to one session (synchronizer token, derived so nothing is stored). */
    csrfFor: (sid: string) => mac('csrf', sid),
    csrfMatches(sid: string, given: string | undefined): boolean {
      return given !== undefined && given !== '' && keysMatch(given, mac('csrf', sid));
    },
    /** Token for the login form (before a session exists): double-submitted as cookie and field. */
    loginNonce: () => b64(randomBytes(18)),
    async logout(sid: string, expiresAt: number): Promise<void> {
      await opts.revocations.revoke(sid, new Date(expiresAt), new Date(now()));
    },
  };
}
export type DashboardSessions = ReturnType<typeof createDashboardSessions>;

import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per failed X-Dash-Key attempt; the rate guard counts these per IP in a sliding window. */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: serial('id').primaryKey(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('auth_failures_ip_at_idx').on(t.ip, t.at)],
);

/** Active and past IP bans. Kept in the database so a ban survives an API restart. */
export const ipBans = pgTable('ip_bans', {
  ip: text('ip').primaryKey(),
  bannedUntil: timestamp('banned_until', { withTimezone: true, mode: 'date' }).notNull(),
  strikes: integer('strikes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Counters of requests that suggest a misconfiguration (e.g. X-Forwarded-For arriving while
 * TRUST_PROXY is off); `echopilot doctor` reads them. One row per signal, no request details.
 */
export const securitySignals = pgTable('security_signals', {
  name: text('name').primaryKey(),
  count: integer('count').notNull(),
  firstSeen: timestamp('first_seen', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lastSeen: timestamp('last_seen', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Dashboard sessions ended by logout, kept until they would have expired anyway. Every API process
 * reads this table, so a logged-out cookie is refused by all of them, not only by the one that
 * handled the logout.
 */
export const revokedDashboardSessions = pgTable(
  'revoked_dashboard_sessions',
  {
    sid: text('sid').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('revoked_dashboard_sessions_expires_idx').on(t.expiresAt)],
);

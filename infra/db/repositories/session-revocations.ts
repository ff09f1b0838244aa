import { eq, lte } from 'drizzle-orm';
import type { Db } from '../open-database';
import { revokedDashboardSessions } from '../schema';

/**
 * The logged-out dashboard sessions, shared by every API process on the database. A row is needed
 * only until the session's own expiry (after that its cookie is refused anyway), so each logout
 * also clears the rows that have run out.
 */
export function createSessionRevocationStore(db: Db) {
  return {
    async revoke(sid: string, expiresAt: Date, now: Date): Promise<void> {
      await db.insert(revokedDashboardSessions).values({ sid, expiresAt }).onConflictDoNothing();
      await db.delete(revokedDashboardSessions).where(lte(revokedDashboardSessions.expiresAt, now));
    },
    async isRevoked(sid: string): Promise<boolean> {
      const [row] = await db
        .select({ sid: revokedDashboardSessions.sid })
        .from(revokedDashboardSessions)
        .where(eq(revokedDashboardSessions.sid, sid))
        .limit(1);
      return row !== undefined;
    },
  };
}
export type SessionRevocationStore = ReturnType<typeof createSessionRevocationStore>;

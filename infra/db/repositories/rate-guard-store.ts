import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { authFailures, ipBans } from '../schema';

/** Persistence for the auth-failure rate guard (bans must survive an API restart). */
export function createRateGuardStore(db: Db) {
  return {
    async activeBan(ip: string, now: Date): Promise<Date | undefined> {
      const [row] = await db
        .select({ until: ipBans.bannedUntil })
        .from(ipBans)
        .where(and(eq(ipBans.ip, ip), gt(ipBans.bannedUntil, now)));
      return row?.until;
    },
    /** Records a failure and returns how many failures this IP has inside the window. */
    async recordFailure(ip: string, now: Date, windowMs: number): Promise<number> {
      await db.insert(authFailures).values({ ip, at: now });
      const since = new Date(now.getTime() - windowMs);
      const [row] = await db
        .select({ n: count() })
        .from(authFailures)
        .where(and(eq(authFailures.ip, ip), gt(authFailures.at, since)));
      return Number(row?.n ?? 0);
    },
    async ban(ip: string, until: Date, strikes: number): Promise<void> {
      await db
        .insert(ipBans)
        .values({ ip, bannedUntil: until, strikes })
        .onConflictDoUpdate({ target: ipBans.ip, set: { bannedUntil: until, strikes, createdAt: sql`now()` } });
      // The strikes that earned the ban are spent; a fresh window starts after it.
      await db.delete(authFailures).where(eq(authFailures.ip, ip));
    },
    async clear(ip: string): Promise<boolean> {
      const deleted = await db.delete(ipBans).where(eq(ipBans.ip, ip)).returning({ ip: ipBans.ip });
      await db.delete(authFailures).where(eq(authFailures.ip, ip));
      return deleted.length > 0;
    },
    /** Lifts every ban and forgets every strike (the operator's way out of a lockout). */
    async clearAll(): Promise<number> {
      const deleted = await db.delete(ipBans).returning({ ip: ipBans.ip });
      await db.delete(authFailures);
      return deleted.length;
    },
    async stats(now: Date, windowMs: number) {
      const bans = await db.select().from(ipBans).where(gt(ipBans.bannedUntil, now));
      const since = new Date(now.getTime() - windowMs);
      const [recent] = await db.select({ n: count() }).from(authFailures).where(gt(authFailures.at, since));
      return {
        activeBans: bans.map((b) => ({ ip: b.ip, bannedUntil: b.bannedUntil.toISOString(), strikes: b.strikes })),
        recentFailures: Number(recent?.n ?? 0),
      };
    },
    /** Housekeeping: forget failures and bans that ended before `before`; returns what went. */
    async prune(before: Date): Promise<{ authFailures: number; ipBans: number }> {
      const failures = await db
        .delete(authFailures)
        .where(lt(authFailures.at, before))
        .returning({ id: authFailures.id });
      const bans = await db.delete(ipBans).where(lt(ipBans.bannedUntil, before)).returning({ ip: ipBans.ip });
      return { authFailures: failures.length, ipBans: bans.length };
    },
  };
}
export type RateGuardStore = ReturnType<typeof createRateGuardStore>;

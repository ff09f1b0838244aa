import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { securitySignals } from '../schema';

/** X-Forwarded-For arrived while TRUST_PROXY is off: every caller may look like the proxy's address. */
export const FORWARDED_WITHOUT_TRUST_PROXY = 'forwarded_for_without_trust_proxy';

export interface SecuritySignal {
  name: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Counters `echopilot doctor` turns into warnings; no request content is kept. */
export function createSecuritySignalStore(db: Db) {
  return {
    async record(name: string, times: number, now: Date): Promise<void> {
      await db
        .insert(securitySignals)
        .values({ name, count: times, firstSeen: now, lastSeen: now })
        .onConflictDoUpdate({
          target: securitySignals.name,
          set: { count: sql`${securitySignals.count} + ${times}`, lastSeen: now },
        });
    },
    async list(): Promise<SecuritySignal[]> {
      const rows = await db.select().from(securitySignals).orderBy(securitySignals.name);
      return rows.map((r) => ({
        name: r.name,
        count: r.count,
        firstSeen: r.firstSeen.toISOString(),
        lastSeen: r.lastSeen.toISOString(),
      }));
    },
  };
}
export type SecuritySignalStore = ReturnType<typeof createSecuritySignalStore>;

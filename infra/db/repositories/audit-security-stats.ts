import { and, count, countDistinct, gt, gte, lt } from 'drizzle-orm';
import type { Db } from '../open-database';
import { authFailures, ipBans } from '../schema';

export interface AuditSecurityStats {
  failedLogins: number;
  failedLoginAddresses: number;
  bansPlaced: number;
  activeBans: number;
}

/** Failed admin-key attempts and IP bans for the audit report (counts only: no address leaves here). */
export function createAuditSecurityStats(db: Db) {
  return async (from: Date, to: Date, now: Date): Promise<AuditSecurityStats> => {
    const inPeriod = and(gte(authFailures.at, from), lt(authFailures.at, to));
    const [[failures], [placed], [active]] = await Promise.all([
      db
        .select({ n: count(), ips: countDistinct(authFailures.ip) })
        .from(authFailures)
        .where(inPeriod),
      db
        .select({ n: count() })
        .from(ipBans)
        .where(and(gte(ipBans.createdAt, from), lt(ipBans.createdAt, to))),
      db.select({ n: count() }).from(ipBans).where(gt(ipBans.bannedUntil, now)),
    ]);
    return {
      failedLogins: failures?.n ?? 0,
      failedLoginAddresses: failures?.ips ?? 0,
      bansPlaced: placed?.n ?? 0,
      activeBans: active?.n ?? 0,
    };
  };
}
export type AuditSecurityStatsReader = ReturnType<typeof createAuditSecurityStats>;

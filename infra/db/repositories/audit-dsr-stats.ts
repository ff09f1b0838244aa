import { and, count, gte, isNotNull, isNull, lt, lte, gt } from 'drizzle-orm';
import type { Db } from '../open-database';
import { dsrTickets } from '../schema';

export interface AuditDsrStats {
  /** Tickets opened in the period, by type. */
  opened: Record<string, number>;
  /** Tickets closed in the period, by final status. */
  closed: Record<string, number>;
  /** Open confirmed tickets now: within their deadline, due within 7 days, past it. */
  open: { withinSla: number; dueWithin7Days: number; overdue: number };
  /** Tickets closed in the period after their deadline. */
  closedLate: number;
}

const WEEK_MS = 7 * 24 * 3600_000;

const tally = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));

/** Data subject requests and their SLA for the audit report (counts only: no email leaves here). */
export function createAuditDsrStats(db: Db) {
  return async (from: Date, to: Date, now: Date): Promise<AuditDsrStats> => {
    const openConfirmed = and(isNull(dsrTickets.closedAt), isNotNull(dsrTickets.slaDueAt));
    const [opened, closed, [overdue], [dueSoon], [open], [late]] = await Promise.all([
      db
        .select({ key: dsrTickets.type, n: count() })
        .from(dsrTickets)
        .where(and(gte(dsrTickets.createdAt, from), lt(dsrTickets.createdAt, to)))
        .groupBy(dsrTickets.type),
      db
        .select({ key: dsrTickets.status, n: count() })
        .from(dsrTickets)
        .where(and(gte(dsrTickets.closedAt, from), lt(dsrTickets.closedAt, to)))
        .groupBy(dsrTickets.status),
      db
        .select({ n: count() })
        .from(dsrTickets)
        .where(and(openConfirmed, lte(dsrTickets.slaDueAt, now))),
      db
        .select({ n: count() })
        .from(dsrTickets)
        .where(
          and(openConfirmed, gt(dsrTickets.slaDueAt, now), lte(dsrTickets.slaDueAt, new Date(now.getTime() + WEEK_MS))),
        ),
      db.select({ n: count() }).from(dsrTickets).where(openConfirmed),
      db
        .select({ n: count() })
        .from(dsrTickets)
        .where(
          and(
            gte(dsrTickets.closedAt, from),
            lt(dsrTickets.closedAt, to),
            isNotNull(dsrTickets.slaDueAt),
            gt(dsrTickets.closedAt, dsrTickets.slaDueAt),
          ),
        ),
    ]);
    const overdueN = overdue?.n ?? 0;
    return {
      opened: tally(opened),
      closed: tally(closed),
      open: { withinSla: (open?.n ?? 0) - overdueN, dueWithin7Days: dueSoon?.n ?? 0, overdue: overdueN },
      closedLate: late?.n ?? 0,
    };
  };
}
export type AuditDsrStatsReader = ReturnType<typeof createAuditDsrStats>;

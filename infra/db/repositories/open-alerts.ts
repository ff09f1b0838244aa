import { gte, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { alertLog } from '../schema';

/**
 * Alerts count as open while their dedupe window runs (a repeat would be suppressed): the distinct alert
 * keys raised since `since`. Alerts have no acknowledge step, so this is the closest honest measure.
 */
export async function countOpenAlerts(db: Db, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${alertLog.key})::int` })
    .from(alertLog)
    .where(gte(alertLog.createdAt, since));
  return row?.n ?? 0;
}

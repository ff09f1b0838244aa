import { lt } from 'drizzle-orm';
import type { Db } from '../open-database';
import { alertLog, opsReports } from '../schema';

/**
 * The weekly sweep of routine history: every kind of routine report and the alert history before
 * `before`. Routines prune their own kind as they write, but a routine that stopped running never does.
 */
export async function pruneRoutineHistory(db: Db, before: Date): Promise<{ routineReports: number; alertLog: number }> {
  const reports = await db.delete(opsReports).where(lt(opsReports.createdAt, before)).returning({ id: opsReports.id });
  const alerts = await db.delete(alertLog).where(lt(alertLog.createdAt, before)).returning({ id: alertLog.id });
  return { routineReports: reports.length, alertLog: alerts.length };
}

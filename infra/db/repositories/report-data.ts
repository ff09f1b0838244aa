import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { clientSums, createdCount, outcomeCounts } from './hourly-rollup-reads';
import { int, sqlRows } from './sql-rows';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The half-open period [since, until) the reports count over. */
const period = (since: Date, until: Date) => ({ since, until, sinceIncluded: true, untilIncluded: false });

/**
 * Ledger aggregates for the daily reports (supervisor, executive, CEO brief, daily report), from the hourly
 * rollups plus the partial hours at the period's ends: the same counts as grouping the tasks themselves.
 */
export function createReportDataSource(db: Db) {
  return {
    /** Tasks finished in [since, until): by status, by failure type, QA average. */
    async outcomes(since: Date, until: Date) {
      const rows = await outcomeCounts(db, period(since, until), 'none', ['done', 'low_qa', 'failed']);
      const byStatus: Record<string, number> = { done: 0, low_qa: 0, failed: 0 };
      const failuresByType: Record<string, number> = {};
      let qaSum = 0;
      let qaN = 0;
      for (const r of rows) {
        byStatus[r.status] = (byStatus[r.status] ?? 0) + r.tasks;
        if (r.status === 'failed')
          failuresByType[r.failureType ?? 'unknown'] = (failuresByType[r.failureType ?? 'unknown'] ?? 0) + r.tasks;
        if (r.status !== 'failed') {
          qaSum += r.qaSum;
          qaN += r.qaCount;
        }
      }
      return { byStatus, failuresByType, qaAvg: qaN === 0 ? null : Math.round((qaSum / qaN) * 10) / 10 };
    },

    /** Tasks created in the period, and the ones in flight now. */
    async intake(since: Date, until: Date) {
      const [created, [r]] = await Promise.all([
        createdCount(db, period(since, until)),
        // Index range counts (status, …) of what is in flight, not a pass over every task ever made.
        sqlRows<{ queued: unknown; running: unknown }>(
          db,
          sql`select (select count(*) from jobs where status = 'queued') as queued, (select count(*) from jobs where status = 'running') as running`,
        ),
      ]);
      return { created, queued: int(r?.queued), running: int(r?.running) };
    },

    /** The clients with the most spend among tasks finished in the period. */
    async topClients(since: Date, until: Date, limit: number) {
      return clientSums(db, period(since, until), limit);
    },

    async alertCounts(since: Date, until: Date): Promise<Record<string, number>> {
      const rows = await sqlRows<{ severity: string; n: unknown }>(
        db,
        sql`select severity, count(distinct key) as n from alert_log where created_at >= ${ts(since)} and created_at < ${ts(until)}
            and key not like 'report:%' group by severity`,
      );
      return Object.fromEntries(rows.map((r) => [r.severity, int(r.n)]));
    },
  };
}
export type ReportDataSource = ReturnType<typeof createReportDataSource>;

import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { int, num, sqlRows } from './sql-rows';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Ledger aggregates for the daily reports (supervisor, executive, CEO brief, daily report). */
export function createReportDataSource(db: Db) {
  return {
    /** Tasks finished in [since, until): by status, by failure type, QA average. */
    async outcomes(since: Date, until: Date) {
      const rows = await sqlRows<{
        status: string;
        failure_type: string | null;
        n: unknown;
        qa_sum: unknown;
        qa_n: unknown;
      }>(
        db,
        sql`select status, failure_type, count(*) as n, sum(qa_score) as qa_sum, count(qa_score) as qa_n from jobs
            where status in ('done', 'low_qa', 'failed') and completed_at >= ${ts(since)} and completed_at < ${ts(until)}
            group by status, failure_type`,
      );
      const byStatus: Record<string, number> = { done: 0, low_qa: 0, failed: 0 };
      const failuresByType: Record<string, number> = {};
      let qaSum = 0;
      let qaN = 0;
      for (const r of rows) {
        byStatus[r.status] = (byStatus[r.status] ?? 0) + int(r.n);
        if (r.status === 'failed')
          failuresByType[r.failure_type ?? 'unknown'] = (failuresByType[r.failure_type ?? 'unknown'] ?? 0) + int(r.n);
        if (r.status !== 'failed') {
          qaSum += num(r.qa_sum) ?? 0;
          qaN += int(r.qa_n);
        }
      }
      return { byStatus, failuresByType, qaAvg: qaN === 0 ? null : Math.round((qaSum / qaN) * 10) / 10 };
    },

    /** Tasks created in the period, and the ones in flight now. */
    async intake(since: Date, until: Date) {
      const [r] = await sqlRows<{ created: unknown; queued: unknown; running: unknown }>(
        db,
        // Three index range counts rather than one pass over every task ever made.
        sql`select (select count(*) from jobs where created_at >= ${ts(since)} and created_at < ${ts(until)}) as created,
              (select count(*) from jobs where status = 'queued') as queued, (select count(*) from jobs where status = 'running') as running`,
      );
      return { created: int(r?.created), queued: int(r?.queued), running: int(r?.running) };
    },

    /** The clients with the most spend among tasks finished in the period. */
    async topClients(since: Date, until: Date, limit: number) {
      const rows = await sqlRows<{ client_id: string; tasks: unknown; cost: unknown }>(
        db,
        sql`select client_id, count(*) as tasks, sum(cost_micro_usd) as cost from jobs
            where client_id is not null and completed_at >= ${ts(since)} and completed_at < ${ts(until)}
            group by client_id order by 3 desc, 1 limit ${limit}`,
      );
      return rows.map((r) => ({ clientId: r.client_id, tasks: int(r.tasks), costMicroUsd: int(r.cost) }));
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

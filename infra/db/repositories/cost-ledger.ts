import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { jobAttempts, jobs } from '../schema';
import { attemptCostSums } from './hourly-rollup-reads';

export interface CostSum {
  costMicroUsd: number;
  inputTokens: number;
  outputTokens: number;
  steps: number;
}

const sums = {
  costMicroUsd: sql<string>`coalesce(sum(${jobAttempts.costMicroUsd}), 0)`,
  inputTokens: sql<string>`coalesce(sum(${jobAttempts.inputTokens}), 0)`,
  outputTokens: sql<string>`coalesce(sum(${jobAttempts.outputTokens}), 0)`,
  steps: sql<string>`count(*)`,
};
const toSum = (r: {
  costMicroUsd: string | number;
  inputTokens: string | number;
  outputTokens: string | number;
  steps: string | number;
}): CostSum => ({
  costMicroUsd: Number(r.costMicroUsd),
  inputTokens: Number(r.inputTokens),
  outputTokens: Number(r.outputTokens),
  steps: Number(r.steps),
});

/**
 * Read side of the cost ledger (job_attempts rows, integer micro-USD): per task, per client and per
 * UTC day, over the half-open window [from, to). Reports and invoices build on these.
 */
export function createCostLedger(db: Db) {
  const inWindow = (from: Date, to: Date) => and(gte(jobAttempts.createdAt, from), lt(jobAttempts.createdAt, to));
  return {
    async forTask(taskId: string): Promise<CostSum> {
      const [row] = await db.select(sums).from(jobAttempts).where(eq(jobAttempts.taskId, taskId));
      return toSum(row!);
    },
    async byClient(from: Date, to: Date): Promise<(CostSum & { clientId: string | null })[]> {
      const rows = await db
        .select({ clientId: jobs.clientId, ...sums })
        .from(jobAttempts)
        .innerJoin(jobs, eq(jobs.taskId, jobAttempts.taskId))
        .where(inWindow(from, to))
        .groupBy(jobs.clientId)
        .orderBy(jobs.clientId);
      return rows.map((r) => ({ clientId: r.clientId, ...toSum(r) }));
    },
    /**
     * By model, most spent first (the reports' "spend by model"), from the hourly rollup of attempt rows
     * plus the partial hours at the window's ends: the same sums as grouping the rows themselves.
     */
    async byModel(from: Date, to: Date): Promise<(CostSum & { model: string })[]> {
      const rows = await attemptCostSums(
        db,
        { since: from, until: to, sinceIncluded: true, untilIncluded: false },
        'model',
      );
      return rows.map(({ key, ...r }) => ({ model: key, ...r }));
    },
    async byDay(from: Date, to: Date): Promise<(CostSum & { day: string })[]> {
      const day = sql<string>`to_char(${jobAttempts.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const rows = await db
        .select({ day, ...sums })
        .from(jobAttempts)
        .where(inWindow(from, to))
        .groupBy(day)
        .orderBy(day);
      return rows.map((r) => ({ day: r.day, ...toSum(r) }));
    },
  };
}
export type CostLedger = ReturnType<typeof createCostLedger>;

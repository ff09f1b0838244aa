import { desc, eq, lt, sql } from 'drizzle-orm';
import type { BrainRecommendation } from '../../../domain/ops-brain';
import { parseTarget } from '../../../domain/ops-brain';
import type { Db } from '../open-database';
import { opsBrainRecommendations } from '../schema';
import { int, sqlRows } from './sql-rows';

export type OpsBrainRow = typeof opsBrainRecommendations.$inferSelect;

/** The ledger facts the ops brain reads (failures by class, spend against budgets) and its stored advice. */
export function createOpsBrainStore(db: Db) {
  return {
    /** Failed tasks since `since` per failure class, with up to three task ids to point at. */
    async failureClasses(since: Date) {
      const rows = await sqlRows<{ type: string | null; n: unknown; tasks: string[] }>(
        db,
        sql`select failure_type as type, count(*) as n, (array_agg(task_id order by completed_at desc))[1:3] as tasks
            from jobs where status = 'failed' and completed_at >= ${since.toISOString()}::timestamptz
            group by failure_type order by count(*) desc limit 20`,
      );
      return rows.map((r) => ({ failureType: r.type ?? 'unknown', count: int(r.n), recentTaskIds: r.tasks ?? [] }));
    },
    /** Clients with a monthly cap: this UTC month's LLM spend against it. */
    async budgets(monthStart: string) {
      const rows = await sqlRows<{ id: string; budget: unknown; spent: unknown }>(
        db,
        sql`select c.id, c.budget_micro_usd_per_month as budget,
              coalesce((select sum(d.cost_micro_usd) from job_cost_daily d where d.client_key = c.id and d.day >= ${monthStart}::date), 0) as spent
            from clients c where c.budget_micro_usd_per_month is not null order by c.id limit 100`,
      );
      return rows.map((r) => {
        const budget = int(r.budget);
        const spent = int(r.spent);
        return {
          clientId: r.id,
          budgetMicroUsd: budget,
          spentMicroUsd: spent,
          usedPct: budget ? Math.round((spent / budget) * 1000) / 10 : null,
        };
      });
    },
    async insertRun(runId: string, recs: BrainRecommendation[]): Promise<OpsBrainRow[]> {
      const prior = await db.select().from(opsBrainRecommendations).where(eq(opsBrainRecommendations.runId, runId));
      if (prior.length > 0 || recs.length === 0) return prior; // a retried activity keeps the first write
      return db
        .insert(opsBrainRecommendations)
        .values(
          recs.map((r) => {
            const t = parseTarget(r.target);
            return {
              runId,
              action: r.action,
              targetKind: t.kind,
              targetId: t.id,
              severity: r.severity,
              rationale: r.rationale,
            };
          }),
        )
        .returning();
    },
    /** Newest first; `before` is the last id of the previous page. */
    async list(opts: { limit: number; before?: number }): Promise<OpsBrainRow[]> {
      return db
        .select()
        .from(opsBrainRecommendations)
        .where(opts.before ? lt(opsBrainRecommendations.id, opts.before) : undefined)
        .orderBy(desc(opsBrainRecommendations.id))
        .limit(opts.limit);
    },
  };
}
export type OpsBrainStore = ReturnType<typeof createOpsBrainStore>;

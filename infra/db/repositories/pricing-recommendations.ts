import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { PricingAdvice } from '../../../domain/price-advice';
import type { Db } from '../open-database';
import { clients, pricingRecommendations } from '../schema';

export type PricingRecommendationRow = typeof pricingRecommendations.$inferSelect;

/** Stored pricing recommendations and their one-time application to the client's or plan's rates. */
export function createPricingRecommendations(db: Db) {
  return {
    async insertRun(runId: string, advice: PricingAdvice[], explanations: (string | null)[]): Promise<number[]> {
      if (advice.length === 0) return [];
      // A retried activity finds its rows instead of writing them twice.
      const prior = await db
        .select({ id: pricingRecommendations.id })
        .from(pricingRecommendations)
        .where(eq(pricingRecommendations.runId, runId))
        .orderBy(pricingRecommendations.id);
      if (prior.length > 0) return prior.map((r) => r.id);
      const rows = await db
        .insert(pricingRecommendations)
        .values(
          advice.map((a, i) => ({
            runId,
            subjectKind: a.subjectKind,
            subjectId: a.subjectId,
            decision: a.decision,
            currentRateCentsPerMin: a.perMinute.current,
            currentPricePerTaskCents: a.perTask.current,
            recommendedRateCentsPerMin: a.perMinute.recommended,
            recommendedPricePerTaskCents: a.perTask.recommended,
            reason: a.reason,
            explanation: explanations[i] ?? null,
            inputs: { ...a.inputs, perTask: a.perTask, perMinute: a.perMinute },
          })),
        )
        .returning({ id: pricingRecommendations.id });
      return rows.map((r) => r.id);
    },
    async get(id: number): Promise<PricingRecommendationRow | undefined> {
      const [row] = await db.select().from(pricingRecommendations).where(eq(pricingRecommendations.id, id));
      return row;
    },
    /** Newest first; `before` is the last id of the previous page. */
    async list(opts: { limit: number; before?: number; subjectId?: string }): Promise<PricingRecommendationRow[]> {
      const conds = [];
      if (opts.before) conds.push(lt(pricingRecommendations.id, opts.before));
      if (opts.subjectId) conds.push(eq(pricingRecommendations.subjectId, opts.subjectId));
      return db
        .select()
        .from(pricingRecommendations)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(pricingRecommendations.id))
        .limit(opts.limit);
    },
    /**
     * Sets the recommended rates on the client (or every client of the plan) and marks the recommendation
     * applied, in one transaction; undefined when it was applied already (a second click changes nothing).
     */
    async apply(id: number): Promise<{ row: PricingRecommendationRow; clientsUpdated: number } | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(pricingRecommendations)
          .set({ appliedAt: new Date() })
          .where(and(eq(pricingRecommendations.id, id), isNull(pricingRecommendations.appliedAt)))
          .returning();
        if (!row) return undefined;
        const updated = await tx
          .update(clients)
          .set({
            rateCentsPerMin: row.recommendedRateCentsPerMin,
            pricePerTaskCents: row.recommendedPricePerTaskCents,
            updatedAt: sql`now()`,
          })
          .where(row.subjectKind === 'plan' ? eq(clients.plan, row.subjectId) : eq(clients.id, row.subjectId))
          .returning({ id: clients.id });
        return { row, clientsUpdated: updated.length };
      });
    },
  };
}
export type PricingRecommendations = ReturnType<typeof createPricingRecommendations>;

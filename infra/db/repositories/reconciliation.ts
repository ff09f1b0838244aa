import { desc, eq } from 'drizzle-orm';
import type { PaymentProvider } from '../../../domain/payments';
import type { Db } from '../open-database';
import { paymentCursors, reconciliationRuns } from '../schema';

export type ReconciliationRunRow = typeof reconciliationRuns.$inferSelect;

export function createReconciliationRepository(db: Db) {
  return {
    async cursor(provider: PaymentProvider): Promise<Date | undefined> {
      const [row] = await db.select().from(paymentCursors).where(eq(paymentCursors.provider, provider));
      return row?.cursorAt;
    },
    async setCursor(provider: PaymentProvider, at: Date): Promise<void> {
      await db
        .insert(paymentCursors)
        .values({ provider, cursorAt: at })
        .onConflictDoUpdate({ target: paymentCursors.provider, set: { cursorAt: at, updatedAt: new Date() } });
    },
    async recordRun(run: typeof reconciliationRuns.$inferInsert): Promise<ReconciliationRunRow> {
      const [row] = await db.insert(reconciliationRuns).values(run).returning();
      return row!;
    },
    async latestRun(): Promise<ReconciliationRunRow | undefined> {
      const [row] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.id)).limit(1);
      return row;
    },
  };
}
export type ReconciliationRepository = ReturnType<typeof createReconciliationRepository>;

import { desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../open-database';
import { unsubscribes } from '../schema';

export type UnsubscribeSource = 'api' | 'one-click';
export type UnsubscribeRow = typeof unsubscribes.$inferSelect;

/** Every unsubscribe with time and source (the original runbook's unsubscribe log, kept in the database). */
export function createUnsubscribeStore(db: Db) {
  return {
    async record(email: string, source: UnsubscribeSource): Promise<void> {
      await db.insert(unsubscribes).values({ email: email.trim().toLowerCase(), source });
    },
    async isUnsubscribed(email: string): Promise<boolean> {
      const [row] = await db
        .select({ id: unsubscribes.id })
        .from(unsubscribes)
        .where(eq(unsubscribes.email, email.trim().toLowerCase()))
        .limit(1);
      return !!row;
    },
    /** Newest first; `cursor` is the id of the last row of the previous page. */
    async list(opts: { limit: number; before?: number }): Promise<UnsubscribeRow[]> {
      return db
        .select()
        .from(unsubscribes)
        .where(opts.before !== undefined ? lt(unsubscribes.id, opts.before) : undefined)
        .orderBy(desc(unsubscribes.id))
        .limit(opts.limit);
    },
  };
}
export type UnsubscribeStore = ReturnType<typeof createUnsubscribeStore>;

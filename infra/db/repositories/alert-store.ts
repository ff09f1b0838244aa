import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { ChannelOutcome } from '../../../domain/alerts';
import type { Db } from '../open-database';
import { alertDedupe, alertLog } from '../schema';

/** Dedupe claims and the history of alerts. */
export function createAlertStore(db: Db) {
  return {
    /**
     * Claims (key, channel) at `now` unless it was sent within the window. Atomic: of two routines
     * raising the same alert at once, exactly one gets the claim.
     */
    async claim(key: string, channel: string, now: Date, windowMs: number): Promise<boolean> {
      const cutoff = new Date(now.getTime() - windowMs);
      const rows = await db
        .insert(alertDedupe)
        .values({ key, channel, sentAt: now })
        .onConflictDoUpdate({
          target: [alertDedupe.key, alertDedupe.channel],
          set: { sentAt: sql`excluded.sent_at` },
          setWhere: sql`${alertDedupe.sentAt} <= ${cutoff.toISOString()}::timestamptz`,
        })
        .returning({ key: alertDedupe.key });
      return rows.length > 0;
    },
    /** Gives a claim back after the channel failed, so a retry may send it. */
    async release(key: string, channel: string, claimedAt: Date): Promise<void> {
      await db
        .delete(alertDedupe)
        .where(and(eq(alertDedupe.key, key), eq(alertDedupe.channel, channel), eq(alertDedupe.sentAt, claimedAt)));
    },
    async log(r: {
      key: string;
      severity: string;
      title: string;
      outcomes: ChannelOutcome[];
      workflowId?: string;
    }): Promise<number> {
      const [row] = await db.insert(alertLog).values(r).returning({ id: alertLog.id });
      return row!.id;
    },
    /** Drops dedupe slots that can no longer suppress anything and history past its retention. */
    async prune(dedupeBefore: Date, logBefore: Date): Promise<void> {
      await db.delete(alertDedupe).where(lt(alertDedupe.sentAt, dedupeBefore));
      await db.delete(alertLog).where(lt(alertLog.createdAt, logBefore));
    },
    async recent(limit: number) {
      return db.select().from(alertLog).orderBy(desc(alertLog.id)).limit(limit);
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;

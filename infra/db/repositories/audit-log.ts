import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { canonicalEntry, entryHashV2, GENESIS_HASH } from '../../audit/audit-hash';
import { verifyChain, type ChainVerification } from '../../audit/verify-chain';
import type { Db } from '../open-database';
import { auditLog } from '../schema';

export interface AuditEntryInput {
  /** The dashboard key's fingerprint (`key:…`) or the routine's name (`system:payments`). */
  actor: string;
  action: string;
  /** The target of the action. */
  subject: string;
  details: Record<string, unknown>;
  /** Same key twice → one entry (activity retries, replays). */
  dedupeKey: string;
  /** The API request behind the entry, when there is one. */
  requestId?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditCounts {
  total: number;
  byAction: Record<string, number>;
  byActor: Record<string, number>;
}

/** The hash-chained audit trail. Appends are serialised by a transaction-scoped advisory lock. */
export function createAuditLog(db: Db) {
  const countBy = async (column: typeof auditLog.actor | typeof auditLog.action, from: Date, to: Date) => {
    const rows = await db
      .select({ key: column, n: count() })
      .from(auditLog)
      .where(and(gte(auditLog.at, from), lt(auditLog.at, to)))
      .groupBy(column);
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  };
  return {
    async append(e: AuditEntryInput): Promise<{ entry: AuditRow; created: boolean }> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(7210001)`);
        const [existing] = await tx.select().from(auditLog).where(eq(auditLog.dedupeKey, e.dedupeKey));
        if (existing) return { entry: existing, created: false };
        const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
        const prevHash = last?.hash ?? GENESIS_HASH;
        const at = new Date();
        const requestId = e.requestId ?? null;
        // Hash what jsonb will hand back (dates as strings, undefined gone), so verification re-derives it.
        const details = JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>;
        const canonical = canonicalEntry(prevHash, { ...e, details, at, requestId });
        const [entry] = await tx
          .insert(auditLog)
          .values({ ...e, details, at, requestId, hashVersion: 2, canonical, prevHash, hash: entryHashV2(canonical) })
          .returning();
        return { entry: entry!, created: true };
      });
    },
    async bySubject(subject: string): Promise<AuditRow[]> {
      return db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id));
    },
    /** Entries, counts by action and by actor, in [from, to). */
    async counts(from: Date, to: Date): Promise<AuditCounts> {
      const [byAction, byActor] = await Promise.all([
        countBy(auditLog.action, from, to),
        countBy(auditLog.actor, from, to),
      ]);
      return { total: Object.values(byAction).reduce((a, b) => a + b, 0), byAction, byActor };
    },
    /** Hash of the entry with this sequence number, or undefined when there is none. */
    async hashAt(seq: number): Promise<string | undefined> {
      const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, seq));
      return row?.hash;
    },
    /** Re-computes every link (the whole table, in sequence order) and names the first break. */
    async verifyChain(): Promise<ChainVerification> {
      return verifyChain(await db.select().from(auditLog).orderBy(asc(auditLog.id)));
    },
    /** Kept for callers that only need a yes/no: the sequence number of the first break, or undefined. */
    async verify(): Promise<number | undefined> {
      return (await this.verifyChain()).firstBreak?.seq;
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;

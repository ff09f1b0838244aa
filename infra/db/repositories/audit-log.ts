import { createHash } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { auditLog } from '../schema';

export interface AuditEntryInput {
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  /** Same key twice → one entry (activity retries, replays). */
  dedupeKey: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: jsonb reorders keys, the hash must not care. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function entryHash(
  prevHash: string,
  e: { at: Date; actor: string; action: string; subject: string; details: unknown; dedupeKey: string },
): string {
  const body = canonical([prevHash, e.at.toISOString(), e.actor, e.action, e.subject, e.details, e.dedupeKey]);
  return createHash('sha256').update(body).digest('hex');
}

/** The hash-chained audit trail. Appends are serialised by a transaction-scoped advisory lock. */
export function createAuditLog(db: Db) {
  return {
    async append(e: AuditEntryInput): Promise<{ entry: AuditRow; created: boolean }> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(7210001)`);
        const [existing] = await tx.select().from(auditLog).where(eq(auditLog.dedupeKey, e.dedupeKey));
        if (existing) return { entry: existing, created: false };
        const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
        const prevHash = last?.hash ?? GENESIS;
        const at = new Date();
        const hash = entryHash(prevHash, { ...e, at });
        const [entry] = await tx
          .insert(auditLog)
          .values({ ...e, at, prevHash, hash })
          .returning();
        return { entry: entry!, created: true };
      });
    },
    async bySubject(subject: string): Promise<AuditRow[]> {
      return db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id));
    },
    /** Re-computes every link; returns the id of the first broken row, or undefined when intact. */
    async verify(): Promise<number | undefined> {
      let prev = GENESIS;
      for (const row of await db.select().from(auditLog).orderBy(asc(auditLog.id))) {
        if (row.prevHash !== prev || entryHash(prev, row) !== row.hash) return row.id;
        prev = row.hash;
      }
      return undefined;
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;

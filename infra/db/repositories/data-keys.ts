import { and, eq, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../open-database';
import { invoices, jobs, payloadDataKeys, payments } from '../schema';

export type DataKeyRow = typeof payloadDataKeys.$inferSelect;

/** The payload codec's data keys (wrapped) and the owner lookups that pick one for a workflow. */
export function createDataKeyStore(db: Db) {
  return {
    async live(owner: string): Promise<DataKeyRow | undefined> {
      const [row] = await db
        .select()
        .from(payloadDataKeys)
        .where(and(eq(payloadDataKeys.owner, owner), isNull(payloadDataKeys.destroyedAt)));
      return row;
    },
    async byId(keyId: string): Promise<DataKeyRow | undefined> {
      const [row] = await db.select().from(payloadDataKeys).where(eq(payloadDataKeys.keyId, keyId));
      return row;
    },
    /** Inserts a new live key unless another process won the race; the caller reads the live one back. */
    async insert(row: { keyId: string; owner: string; wrappedKey: string; masterKeyId: string }): Promise<void> {
      await db.insert(payloadDataKeys).values(row).onConflictDoNothing();
    },
    /** Crypto-shredding: the wrapped key is overwritten; the row stays to name the destruction. */
    async destroy(owner: string): Promise<string[]> {
      const rows = await db
        .update(payloadDataKeys)
        .set({ wrappedKey: null, destroyedAt: new Date() })
        .where(and(eq(payloadDataKeys.owner, owner), isNull(payloadDataKeys.destroyedAt)))
        .returning({ keyId: payloadDataKeys.keyId });
      return rows.map((r) => r.keyId);
    },
    /** Keys still holding key material and not wrapped by `masterKeyId`. */
    async wrappedByOther(masterKeyId: string): Promise<DataKeyRow[]> {
      return db
        .select()
        .from(payloadDataKeys)
        .where(
          and(
            isNotNull(payloadDataKeys.wrappedKey),
            or(isNull(payloadDataKeys.masterKeyId), ne(payloadDataKeys.masterKeyId, masterKeyId)),
          ),
        );
    },
    async anyWrappedBy(masterKeyId: string): Promise<DataKeyRow | undefined> {
      const [row] = await db
        .select()
        .from(payloadDataKeys)
        .where(and(isNotNull(payloadDataKeys.wrappedKey), eq(payloadDataKeys.masterKeyId, masterKeyId)))
        .limit(1);
      return row;
    },
    async rewrap(keyId: string, fromMasterKeyId: string, wrappedKey: string, masterKeyId: string): Promise<boolean> {
      const rows = await db
        .update(payloadDataKeys)
        .set({ wrappedKey, masterKeyId })
        .where(
          and(
            eq(payloadDataKeys.keyId, keyId),
            eq(payloadDataKeys.masterKeyId, fromMasterKeyId),
            isNotNull(payloadDataKeys.wrappedKey),
          ),
        )
        .returning({ keyId: payloadDataKeys.keyId });
      return rows.length === 1;
    },
    /** The client a task, invoice or refund workflow belongs to (by its business key). */
    async taskClient(taskId: string) {
      const [row] = await db.select({ clientId: jobs.clientId }).from(jobs).where(eq(jobs.taskId, taskId));
      return row;
    },
    async invoiceClient(invoiceId: string) {
      const [row] = await db.select({ clientId: invoices.clientId }).from(invoices).where(eq(invoices.id, invoiceId));
      return row;
    },
    async paymentClient(paymentId: string) {
      const [row] = await db.select({ clientId: payments.clientId }).from(payments).where(eq(payments.id, paymentId));
      return row;
    },
  };
}

export type DataKeyStore = ReturnType<typeof createDataKeyStore>;

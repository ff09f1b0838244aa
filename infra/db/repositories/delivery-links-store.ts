import { eq, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { deliveryLinkGenerations, deliverySigningKeys } from '../schema';

/** Link generations per client (revocation) and when each signing key was first used (rotation). */
export function createDeliveryLinksStore(db: Db) {
  return {
    async generation(clientId: string): Promise<number> {
      const [row] = await db
        .select({ g: deliveryLinkGenerations.generation })
        .from(deliveryLinkGenerations)
        .where(eq(deliveryLinkGenerations.clientId, clientId));
      return row?.g ?? 0;
    },
    /** Raises the client's generation: every link issued before stops working. */
    async revoke(clientId: string): Promise<{ generation: number; revokedAt: Date }> {
      const now = new Date();
      const [row] = await db
        .insert(deliveryLinkGenerations)
        .values({ clientId, generation: 1, revokedAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: deliveryLinkGenerations.clientId,
          set: { generation: sql`${deliveryLinkGenerations.generation} + 1`, revokedAt: now, updatedAt: now },
        })
        .returning();
      return { generation: row!.generation, revokedAt: row!.revokedAt! };
    },
    /** When the key was first used, recorded on first sight (concurrent callers agree on one row). */
    async keyFirstSeen(keyId: string): Promise<Date> {
      await db.insert(deliverySigningKeys).values({ keyId }).onConflictDoNothing();
      const [row] = await db.select().from(deliverySigningKeys).where(eq(deliverySigningKeys.keyId, keyId));
      return row!.firstSeenAt;
    },
  };
}
export type DeliveryLinksStore = ReturnType<typeof createDeliveryLinksStore>;

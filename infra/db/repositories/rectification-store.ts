import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../open-database';
import { clients, invoices, unsubscribes } from '../schema';

/** The corrected email already belongs to a client the ticket does not cover. */
export class EmailTakenError extends Error {
  constructor() {
    super('the corrected email already belongs to another client');
    this.name = 'EmailTakenError';
  }
}

export interface RectifiedRows {
  clients: number;
  invoices: number;
  unsubscribes: number;
}

/** The database side of rectification (Art. 16): corrected name and email where the platform keeps them. */
export function createRectificationStore(db: Db) {
  return {
    /** Clients under these addresses. */
    async clientIdsByEmails(emails: string[]): Promise<string[]> {
      const rows = await db
        .select({ id: clients.id })
        .from(clients)
        .where(inArray(clients.email, [...new Set(emails.map((e) => e.trim().toLowerCase()))]))
        .orderBy(clients.id);
      return rows.map((r) => r.id);
    },
    async apply(
      clientIds: string[],
      oldEmail: string,
      changes: { name?: string; email?: string },
    ): Promise<RectifiedRows> {
      if (clientIds.length === 0) return { clients: 0, invoices: 0, unsubscribes: 0 };
      return db.transaction(async (tx) => {
        const email = changes.email;
        if (email) {
          const [other] = await tx
            .select({ id: clients.id })
            .from(clients)
            .where(and(eq(clients.email, email), notInArray(clients.id, clientIds)));
          if (other) throw new EmailTakenError();
        }
        const updated = await tx
          .update(clients)
          .set({ ...changes, updatedAt: new Date() })
          .where(inArray(clients.id, clientIds))
          .returning({ id: clients.id });
        if (!email) return { clients: updated.length, invoices: 0, unsubscribes: 0 };
        // Invoices still to be paid send their reminder and receipt to the corrected address; settled ones stay as records.
        const open = await tx
          .update(invoices)
          .set({ email, updatedAt: new Date() })
          .where(and(inArray(invoices.clientId, clientIds), inArray(invoices.status, ['pending', 'open'])))
          .returning({ id: invoices.id });
        // The person's choice not to get optional mail follows them to the corrected address.
        const moved = await tx
          .update(unsubscribes)
          .set({ email })
          // Both addresses: a repeated rectification counts the rows it moved the first time.
          .where(inArray(unsubscribes.email, [oldEmail.trim().toLowerCase(), email]))
          .returning({ id: unsubscribes.id });
        return { clients: updated.length, invoices: open.length, unsubscribes: moved.length };
      });
    },
  };
}
export type RectificationStore = ReturnType<typeof createRectificationStore>;

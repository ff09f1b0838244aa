import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { clients } from '../schema';
import { newClientId, type ClientRow } from './clients';

/** A claim older than this is taken as abandoned (its pass crashed) and may be taken over. */
const CLAIM_TTL = sql`interval '2 minutes'`;

export interface NotionContact {
  name?: string | null;
  email?: string | null;
  notifyOnDone?: boolean;
}

/** The link between clients and their rows in the Notion Client database, and the sync's bookkeeping. */
export function createClientNotionLinks(db: Db) {
  return {
    async byNotionPage(pageId: string): Promise<ClientRow | undefined> {
      const [row] = await db.select().from(clients).where(eq(clients.notionPageId, pageId));
      return row;
    },

    /** Clients without a Notion row yet, oldest first; an erased client never gets one again. */
    async unlinked(limit = 500): Promise<ClientRow[]> {
      return db
        .select()
        .from(clients)
        .where(and(isNull(clients.notionPageId), isNull(clients.erasedAt)))
        .orderBy(asc(clients.createdAt))
        .limit(limit);
    },

    /** Links a row to a client that has none; false when the client already has one (or the row is taken). */
    async link(clientId: string, pageId: string): Promise<boolean> {
      if (await this.byNotionPage(pageId)) return false;
      const rows = await db
        .update(clients)
        .set({ notionPageId: pageId })
        .where(and(eq(clients.id, clientId), isNull(clients.notionPageId)))
        .returning({ id: clients.id });
      return rows.length === 1;
    },

    /**
     * A client for a new Notion row, keyed by the row's page id: a retry or a second pass finds the
     * first one. Undefined when the email belongs to another client (the caller links or skips).
     */
    async createFromNotion(r: {
      pageId: string;
      name: string | null;
      email: string;
      notifyOnDone: boolean;
      rateCentsPerMin: number;
      editedAt: Date;
    }): Promise<{ client: ClientRow; created: boolean } | undefined> {
      const inserted = await db
        .insert(clients)
        .values({
          id: newClientId(),
          name: r.name,
          email: r.email.toLowerCase(),
          notifyOnDone: r.notifyOnDone,
          rateCentsPerMin: r.rateCentsPerMin,
          notionPageId: r.pageId,
          notionEditedAt: r.editedAt,
          notionSyncedAt: new Date(),
        })
        .onConflictDoNothing()
        .returning();
      if (inserted[0]) return { client: inserted[0], created: true };
      const existing = await this.byNotionPage(r.pageId);
      return existing && { client: existing, created: false };
    },

    /**
     * Takes Notion's contact values; not a platform edit, so contactUpdatedAt stays as it was. An email
     * another client already has is left out (false), the other fields are still taken.
     */
    async applyNotionContact(clientId: string, c: NotionContact, notionEditedAt: Date): Promise<boolean> {
      let email = c.email ? c.email.toLowerCase() : undefined;
      const holder = email && (await db.select({ id: clients.id }).from(clients).where(eq(clients.email, email)))[0];
      const emailFree = !holder || holder.id === clientId;
      if (!emailFree) email = undefined;
      await db
        .update(clients)
        .set({
          ...(c.name !== undefined && c.name !== null && { name: c.name }),
          ...(email !== undefined && { email }),
          ...(c.notifyOnDone !== undefined && { notifyOnDone: c.notifyOnDone }),
          notionEditedAt,
          notionSyncedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(clients.id, clientId));
      return emailFree;
    },

    /** Both sides agree as of now; `notionEditedAt` is the row's edit time after our own write. */
    async markSynced(clientId: string, notionEditedAt: Date): Promise<void> {
      await db.update(clients).set({ notionEditedAt, notionSyncedAt: new Date() }).where(eq(clients.id, clientId));
    },

    /**
     * The row's edit time after a write of ours outside a sync pass (paid state): our write is not a
     * Notion edit. The sync time stays, so a platform edit not yet synced still counts as one.
     */
    async noteOwnWrite(clientId: string, notionEditedAt: Date): Promise<void> {
      await db.update(clients).set({ notionEditedAt }).where(eq(clients.id, clientId));
    },

    /** Only the pass holding a fresh claim creates the client's row (two passes never both create it). */
    async claimRowCreation(clientId: string): Promise<boolean> {
      const rows = await db
        .update(clients)
        .set({ notionRowClaimedAt: sql`now()` })
        .where(
          and(
            eq(clients.id, clientId),
            isNull(clients.notionPageId),
            or(isNull(clients.notionRowClaimedAt), lt(clients.notionRowClaimedAt, sql`now() - ${CLAIM_TTL}`)),
          ),
        )
        .returning({ id: clients.id });
      return rows.length === 1;
    },
  };
}
export type ClientNotionLinks = ReturnType<typeof createClientNotionLinks>;

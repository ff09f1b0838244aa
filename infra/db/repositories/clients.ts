import { and, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { prefixedId } from '../prefixed-id';
import { clients } from '../schema';

export type ClientRow = typeof clients.$inferSelect;

export type ClientPatch = Partial<
  Pick<
    typeof clients.$inferInsert,
    'name' | 'plan' | 'rateCentsPerMin' | 'pricePerTaskCents' | 'budgetMicroUsdPerMonth' | 'notifyOnDone'
  > & { email: string }
>;

export const newClientId = () => prefixedId('cli');

/** Contact fields belong to the Notion Client database too: their edit time decides sync conflicts. */
const touchesContact = (p: ClientPatch) =>
  p.name !== undefined || p.email !== undefined || p.notifyOnDone !== undefined;

export function createClientRepository(db: Db) {
  return {
    async get(id: string): Promise<ClientRow | undefined> {
      const [row] = await db.select().from(clients).where(eq(clients.id, id));
      return row;
    },
    /** Newest first; `cursor` is the last row of the previous page. */
    async list(opts: { limit: number; cursor?: { createdAt: Date; id: string } }): Promise<ClientRow[]> {
      const c = opts.cursor;
      return db
        .select()
        .from(clients)
        .where(
          c
            ? or(lt(clients.createdAt, c.createdAt), and(eq(clients.createdAt, c.createdAt), lt(clients.id, c.id)))
            : undefined,
        )
        .orderBy(desc(clients.createdAt), desc(clients.id))
        .limit(opts.limit);
    },
    async byEmail(email: string): Promise<ClientRow | undefined> {
      const [row] = await db.select().from(clients).where(eq(clients.email, email.toLowerCase()));
      return row;
    },
    /** The client with this email, created on first use (concurrent calls converge on one row). */
    async getOrCreate(input: { email: string; name?: string; rateCentsPerMin: number }): Promise<ClientRow> {
      const email = input.email.toLowerCase();
      await db
        .insert(clients)
        .values({ id: newClientId(), email, name: input.name, rateCentsPerMin: input.rateCentsPerMin })
        .onConflictDoNothing({ target: clients.email });
      const [row] = await db.select().from(clients).where(eq(clients.email, email));
      return row!;
    },
    async insert(row: typeof clients.$inferInsert): Promise<ClientRow> {
      const [created] = await db
        .insert(clients)
        .values({ ...row, email: row.email?.toLowerCase() ?? null })
        .returning();
      return created!;
    },
    /** Clients with a monthly LLM budget (the finance view shows each one's month so far). */
    async withBudget(limit = 500): Promise<ClientRow[]> {
      return db
        .select()
        .from(clients)
        .where(isNotNull(clients.budgetMicroUsdPerMonth))
        .orderBy(clients.id)
        .limit(limit);
    },
    /** Which of these ids name a client (tasks and invoices may only name existing ones). */
    async existing(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.select({ id: clients.id }).from(clients).where(inArray(clients.id, ids));
      return new Set(rows.map((r) => r.id));
    },
    /** Changes the given fields; undefined when there is no such client. */
    async update(id: string, patch: ClientPatch): Promise<ClientRow | undefined> {
      const set = { ...patch, ...(patch.email !== undefined && { email: patch.email.toLowerCase() }) };
      const [row] = await db
        .update(clients)
        .set({ ...set, updatedAt: new Date(), ...(touchesContact(patch) && { contactUpdatedAt: new Date() }) })
        .where(eq(clients.id, id))
        .returning();
      return row;
    },
    /** Keeps the first Stripe customer id stored, so two racing activities cannot swap it. */
    async setStripeCustomerId(id: string, customerId: string): Promise<string> {
      await db
        .update(clients)
        .set({ stripeCustomerId: sql`coalesce(${clients.stripeCustomerId}, ${customerId})`, updatedAt: new Date() })
        .where(eq(clients.id, id));
      const [row] = await db.select({ c: clients.stripeCustomerId }).from(clients).where(eq(clients.id, id));
      return row!.c!;
    },
  };
}
export type ClientRepository = ReturnType<typeof createClientRepository>;

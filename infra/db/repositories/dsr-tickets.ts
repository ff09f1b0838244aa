import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DsrStatus } from '../../../domain/contracts/dsr-messages';
import type { DsrSubjectLookup, DsrType } from '../../../domain/contracts/dsr-fulfilment';
import type { Db } from '../open-database';
import { dsrTickets, type DsrClosureRecord, type DsrExtensionRecord } from '../schema';

export type DsrTicketRow = typeof dsrTickets.$inferSelect;

/** `dsr_` and 20 random lower-case characters (about 100 bits): not guessable, not derived from the person. */
export const newDsrTicketId = () => `dsr_${randomBytes(15).toString('base64url').toLowerCase().replace(/[-_]/g, 'x')}`;
export const dsrWorkflowId = (ticketId: string) => `dsr-${ticketId}`;

/** Statuses a ticket can still change from (a decision, a confirmation or an extension may apply). */
const OPEN: DsrStatus[] = ['awaiting_confirmation', 'confirmed', 'approved'];

/** The DSR tickets: the only place the requester's email is kept for the request. */
export function createDsrTicketStore(db: Db) {
  async function get(id: string): Promise<DsrTicketRow | undefined> {
    const [row] = await db.select().from(dsrTickets).where(eq(dsrTickets.id, id));
    return row;
  }

  return {
    get,
    async open(input: { email: string; type: DsrType; details?: string; confirmBy: Date }): Promise<DsrTicketRow> {
      const id = newDsrTicketId();
      const now = new Date(); // ms precision, so keyset cursors built from it match the row
      const [row] = await db
        .insert(dsrTickets)
        .values({
          id,
          email: input.email.trim().toLowerCase(),
          type: input.type,
          details: input.details,
          status: 'awaiting_confirmation',
          workflowId: dsrWorkflowId(id),
          confirmBy: input.confirmBy,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row!;
    },
    async markConfirmationSent(id: string): Promise<void> {
      await db
        .update(dsrTickets)
        .set({ confirmationSentAt: sql`coalesce(${dsrTickets.confirmationSentAt}, now())`, updatedAt: new Date() })
        .where(eq(dsrTickets.id, id));
    },
    /** Confirms once: a repeat keeps the first confirmation time and deadline. */
    async confirm(id: string, slaMs: number): Promise<DsrTicketRow> {
      const now = new Date();
      await db
        .update(dsrTickets)
        .set({ status: 'confirmed', confirmedAt: now, slaDueAt: new Date(now.getTime() + slaMs), updatedAt: now })
        .where(and(eq(dsrTickets.id, id), eq(dsrTickets.status, 'awaiting_confirmation')));
      return (await get(id))!;
    },
    /** Adds one extension unless `key` (the workflow's update id) was applied already. */
    async extend(id: string, ext: DsrExtensionRecord & { key: string }): Promise<DsrTicketRow> {
      const row = await get(id);
      if (!row?.slaDueAt) throw new Error(`ticket ${id} has no deadline to extend`);
      if (row.extensions.some((e) => (e as { key?: string }).key === ext.key)) return row;
      const [updated] = await db
        .update(dsrTickets)
        .set({
          extensions: [...row.extensions, ext],
          slaDueAt: new Date(row.slaDueAt.getTime() + ext.byMs),
          updatedAt: new Date(),
        })
        .where(and(eq(dsrTickets.id, id), eq(dsrTickets.updatedAt, row.updatedAt)))
        .returning();
      return updated ?? (await get(id))!;
    },
    async decide(id: string, d: { decision: 'approve' | 'reject'; reason?: string; actor: string }): Promise<void> {
      await db
        .update(dsrTickets)
        .set({
          status: d.decision === 'approve' ? 'approved' : 'rejected',
          decision: d.decision,
          decisionReason: d.reason,
          decidedBy: d.actor,
          decidedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(and(eq(dsrTickets.id, id), eq(dsrTickets.status, 'confirmed')));
    },
    /** Closes once with its record; answers whether this call closed it (so its mail goes out once). */
    async close(id: string, status: DsrStatus, closure: DsrClosureRecord): Promise<boolean> {
      const rows = await db
        .update(dsrTickets)
        .set({ status, closure, closedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(dsrTickets.id, id), inArray(dsrTickets.status, OPEN.concat('rejected'))))
        .returning({ id: dsrTickets.id });
      return rows.length > 0;
    },
    /** Newest first, filtered; `cursor` is the last row of the previous page. */
    async list(opts: {
      limit: number;
      status?: DsrStatus;
      type?: DsrType;
      cursor?: { createdAt: Date; id: string };
    }): Promise<DsrTicketRow[]> {
      const c = opts.cursor;
      return db
        .select()
        .from(dsrTickets)
        .where(
          and(
            opts.status ? eq(dsrTickets.status, opts.status) : undefined,
            opts.type ? eq(dsrTickets.type, opts.type) : undefined,
            c
              ? or(
                  lt(dsrTickets.createdAt, c.createdAt),
                  and(eq(dsrTickets.createdAt, c.createdAt), lt(dsrTickets.id, c.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(dsrTickets.createdAt), desc(dsrTickets.id))
        .limit(opts.limit);
    },
    byEmail: (email: string) =>
      db
        .select()
        .from(dsrTickets)
        .where(eq(dsrTickets.email, email.trim().toLowerCase()))
        .orderBy(dsrTickets.createdAt),
  };
}
export type DsrTicketStore = ReturnType<typeof createDsrTicketStore>;

/** Statuses at which the person's identity has been confirmed. */
const CONFIRMED: DsrStatus[] = ['confirmed', 'approved', 'closed'];

/** DsrSubjectLookup over the tickets: only a ticket whose identity confirmation arrived names a person. */
export function createDsrSubjectLookup(db: Db): DsrSubjectLookup {
  return async (ticketId) => {
    const [row] = await db
      .select({ email: dsrTickets.email, status: dsrTickets.status, confirmedAt: dsrTickets.confirmedAt })
      .from(dsrTickets)
      .where(eq(dsrTickets.id, ticketId));
    return row && row.confirmedAt && CONFIRMED.includes(row.status) ? { email: row.email } : undefined;
  };
}

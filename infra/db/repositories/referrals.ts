import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { referralCodeFrom, type PendingCredit, type ReferralAdjustment } from '../../../domain/referrals';
import type { Db } from '../open-database';
import { clientReferrals, invoices, referralCodes } from '../schema';
import { int, sqlRows } from './sql-rows';

/** Three random bytes make 16.7 M codes; a collision is retried with fresh bytes this many times. */
const CODE_ATTEMPTS = 20;

export class ReferralClaimLost extends Error {
  constructor() {
    super('a referral discount or credit was claimed by a concurrent invoice');
  }
}

/** Referral codes, the clients they brought, and the once-only discount and credit claims. */
export function createReferrals(db: Db, random: () => Uint8Array = () => randomBytes(3)) {
  return {
    /** A new unique code for the client (collisions retried with fresh random bytes). */
    async create(clientId: string, rewardPercent: number): Promise<{ code: string; attempts: number }> {
      for (let attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
        const code = referralCodeFrom(random());
        const rows = await db
          .insert(referralCodes)
          .values({ code, clientId, rewardPercent })
          .onConflictDoNothing()
          .returning({ code: referralCodes.code });
        if (rows.length > 0) return { code, attempts: attempt };
      }
      throw new Error(`no free referral code after ${CODE_ATTEMPTS} attempts`);
    },
    async code(code: string) {
      const [row] = await db.select().from(referralCodes).where(eq(referralCodes.code, code));
      return row;
    },
    async referralOf(clientId: string) {
      const [row] = await db.select().from(clientReferrals).where(eq(clientReferrals.referredClientId, clientId));
      return row;
    },
    /** Records that `clientId` came with `code`; a client has one code for good (false: it already has one). */
    async attach(clientId: string, code: string): Promise<boolean> {
      const rows = await db
        .insert(clientReferrals)
        .values({ referredClientId: clientId, code })
        .onConflictDoNothing()
        .returning({ id: clientReferrals.referredClientId });
      return rows.length > 0;
    },
    /** Whether the client has any invoice yet (a referral code only counts before the first one). */
    async hasInvoices(clientId: string): Promise<boolean> {
      const [row] = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.clientId, clientId)).limit(1);
      return !!row;
    },
    /** The client's discount still to give: its code and reward, when it was referred and not yet invoiced. */
    async pendingDiscount(clientId: string) {
      const [row] = await db
        .select({ code: referralCodes.code, rewardPercent: referralCodes.rewardPercent })
        .from(clientReferrals)
        .innerJoin(referralCodes, eq(referralCodes.code, clientReferrals.code))
        .where(and(eq(clientReferrals.referredClientId, clientId), isNull(clientReferrals.discountInvoiceId)));
      return row;
    },
    /** Credits the client earned as a referrer and has not used yet, oldest first. */
    async pendingCredits(clientId: string): Promise<PendingCredit[]> {
      const rows = await db
        .select({ referredClientId: clientReferrals.referredClientId, creditCents: clientReferrals.creditCents })
        .from(clientReferrals)
        .innerJoin(referralCodes, eq(referralCodes.code, clientReferrals.code))
        .where(
          and(
            eq(referralCodes.clientId, clientId),
            isNotNull(clientReferrals.creditCents),
            isNull(clientReferrals.creditInvoiceId),
          ),
        )
        .orderBy(clientReferrals.createdAt, clientReferrals.referredClientId);
      return rows.map((r) => ({ referredClientId: r.referredClientId, creditCents: r.creditCents! }));
    },
    /**
     * Claims the adjustment for `invoiceId` inside the invoice's transaction: each discount and credit only
     * while still unclaimed. A lost race throws ReferralClaimLost, rolling the invoice back.
     */
    async claim(tx: Db, invoiceId: string, clientId: string, adj: ReferralAdjustment): Promise<void> {
      if (adj.discount) {
        const rows = await tx
          .update(clientReferrals)
          .set({ discountInvoiceId: invoiceId, creditCents: adj.discount.cents })
          .where(and(eq(clientReferrals.referredClientId, clientId), isNull(clientReferrals.discountInvoiceId)))
          .returning({ id: clientReferrals.referredClientId });
        if (rows.length !== 1) throw new ReferralClaimLost();
      }
      if (adj.credits.length > 0) {
        const ids = adj.credits.map((c) => c.referredClientId);
        const rows = await tx
          .update(clientReferrals)
          .set({ creditInvoiceId: invoiceId })
          .where(and(inArray(clientReferrals.referredClientId, ids), isNull(clientReferrals.creditInvoiceId)))
          .returning({ id: clientReferrals.referredClientId });
        if (rows.length !== ids.length) throw new ReferralClaimLost();
      }
    },
    /** Every code with its owner, uses, and what the clients it brought have paid (net of refunds). */
    async summary() {
      const rows = await sqlRows<{
        code: string;
        client_id: string;
        reward_percent: unknown;
        created_at: Date | string;
        uses: unknown;
        discounts: unknown;
        credits_given: unknown;
        credits_used: unknown;
        revenue: unknown;
      }>(
        db,
        sql`select rc.code, rc.client_id, rc.reward_percent, rc.created_at,
              count(cr.referred_client_id) as uses,
              count(cr.discount_invoice_id) as discounts,
              coalesce(sum(cr.credit_cents), 0) as credits_given,
              coalesce(sum(cr.credit_cents) filter (where cr.credit_invoice_id is not null), 0) as credits_used,
              coalesce((select sum(p.amount_cents - p.refunded_cents) from payments p
                        where p.client_id in (select x.referred_client_id from client_referrals x where x.code = rc.code)), 0) as revenue
            from referral_codes rc left join client_referrals cr on cr.code = rc.code
            group by rc.code order by rc.created_at desc, rc.code limit 500`,
      );
      return rows.map((r) => ({
        code: r.code,
        clientId: r.client_id,
        rewardPercent: int(r.reward_percent),
        createdAt: new Date(r.created_at).toISOString(),
        uses: int(r.uses),
        discountsGiven: int(r.discounts),
        creditCents: int(r.credits_given),
        creditUsedCents: int(r.credits_used),
        revenueCents: int(r.revenue),
      }));
    },
    /** The monthly report's figures: every code's uses and money added up. */
    async totals() {
      const all = await this.summary();
      return {
        codes: all.length,
        uses: all.reduce((n, r) => n + r.uses, 0),
        discountsGiven: all.reduce((n, r) => n + r.discountsGiven, 0),
        creditCents: all.reduce((n, r) => n + r.creditCents, 0),
        revenueCents: all.reduce((n, r) => n + r.revenueCents, 0),
      };
    },
  };
}
export type Referrals = ReturnType<typeof createReferrals>;

import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { clients, invoices } from './payments';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const cents = (name: string) => bigint(name, { mode: 'number' });

/**
 * Pricing AI recommendations: one row per subject (a client or a plan) and run, with the inputs the
 * deterministic core used, so an operator sees why. Never applied on their own: `applied_at` is set by
 * `POST /api/pricing/recommendations/:id/apply`.
 */
export const pricingRecommendations = pgTable(
  'pricing_recommendations',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id').notNull(),
    /** client | plan */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    /** raise | lower | keep | insufficient_data */
    decision: text('decision').notNull(),
    currentRateCentsPerMin: integer('current_rate_cents_per_min').notNull(),
    currentPricePerTaskCents: integer('current_price_per_task_cents').notNull(),
    recommendedRateCentsPerMin: integer('recommended_rate_cents_per_min').notNull(),
    recommendedPricePerTaskCents: integer('recommended_price_per_task_cents').notNull(),
    reason: text('reason').notNull(),
    /** QA_MODEL's wording of the reason; null without an LLM key (the computed reason stands alone). */
    explanation: text('explanation'),
    inputs: jsonb('inputs').notNull(),
    appliedAt: ts('applied_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('pricing_recommendations_run_idx').on(t.runId),
    index('pricing_recommendations_id_idx').on(t.createdAt),
  ],
);

/** AI ops brain recommendations: advice only, linked to what they concern; nothing acts on them. */
export const opsBrainRecommendations = pgTable(
  'ops_brain_recommendations',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id').notNull(),
    action: text('action').notNull(),
    /** schedule | task | client | system */
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id'),
    /** info | warning | critical */
    severity: text('severity').notNull(),
    rationale: text('rationale').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ops_brain_recommendations_run_idx').on(t.runId)],
);

/** Referral codes (`EP-XXXXXX`), owned by the referring client. */
export const referralCodes = pgTable('referral_codes', {
  code: text('code').primaryKey(),
  clientId: text('client_id')
    .notNull()
    .references(() => clients.id),
  /** Discount of the referred client's first invoice, and the referrer's credit, in % of that invoice. */
  rewardPercent: integer('reward_percent').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * A referred client (one code per client). The discount and the credit are each claimed once, in the
 * transaction that writes the invoice carrying them: a set invoice id means "already given".
 */
export const clientReferrals = pgTable(
  'client_referrals',
  {
    referredClientId: text('referred_client_id')
      .primaryKey()
      .references(() => clients.id),
    code: text('code')
      .notNull()
      .references(() => referralCodes.code),
    discountInvoiceId: text('discount_invoice_id').references(() => invoices.id),
    /** The referrer's credit, fixed when the discount is given (the same amount). */
    creditCents: cents('credit_cents'),
    creditInvoiceId: text('credit_invoice_id').references(() => invoices.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('client_referrals_code_idx').on(t.code)],
);

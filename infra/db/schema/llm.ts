import { doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The shared LLM pacer, one row per model: GCRA "theoretical arrival times" for requests and tokens,
 * advanced in one SQL statement so every worker process sharing the database paces together, plus the
 * limits last learned from the provider's x-ratelimit-* headers.
 */
export const llmPacer = pgTable('llm_pacer', {
  model: text('model').primaryKey(),
  requestTat: ts('request_tat').notNull().defaultNow(),
  tokenTat: ts('token_tat').notNull().defaultNow(),
  learnedRpm: integer('learned_rpm'),
  learnedTpm: integer('learned_tpm'),
  learnedAt: ts('learned_at'),
  /**
   * Share of the limit the pacer currently sends at (times PACE_FACTOR): a 429 lowers it, answered calls
   * raise it back slowly (llm-pacer.ts), so a provider whose window and ours disagree stops answering 429.
   */
  rateScale: doublePrecision('rate_scale').notNull().default(1),
  /** When a 429 last lowered rateScale: the 429s of calls already in flight at the old rate lower it once. */
  scaledAt: ts('scaled_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Whether the LLM provider is failing, since when, and whether the operator was told (one alert per outage). */
export const llmProviderHealth = pgTable('llm_provider_health', {
  provider: text('provider').primaryKey(),
  failingSince: ts('failing_since'),
  lastError: text('last_error'),
  alertedAt: ts('alerted_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Per model and minute: calls sent, answered 429, failed otherwise, tokens used (the operator's capacity view). */
export const llmMinuteStats = pgTable(
  'llm_minute_stats',
  {
    model: text('model').notNull(),
    minute: ts('minute').notNull(),
    calls: integer('calls').notNull().default(0),
    rateLimited: integer('rate_limited').notNull().default(0),
    failures: integer('failures').notNull().default(0),
    tokens: integer('tokens').notNull().default(0),
    paced: integer('paced').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.model, t.minute] })],
);

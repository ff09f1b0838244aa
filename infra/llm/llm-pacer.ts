import { sql } from 'drizzle-orm';
import { PACE_FACTOR, type ModelLimits } from '../../domain/llm-limits';
import type { Db } from '../db/open-database';
import { sqlRows } from '../db/repositories/sql-rows';

/** How far ahead a call may reserve its slot; a call further back waits outside (a benign retry). */
export const PACER_HORIZON_MS = 1_000;

/**
 * A 429 round multiplies the pacer's rate by RATE_SCALE_DOWN when it is the first for a while: one round
 * after a quiet spell is most often calls that reached the provider bunched (a stalled process, the
 * provider's window alignment), not a rate that is too high. Another round within RATE_SCALE_QUIET_MS of
 * the last cut shows the rate itself is too high: RATE_SCALE_DOWN_AGAIN. Never below RATE_SCALE_FLOOR.
 */
export const RATE_SCALE_DOWN = 0.97;
export const RATE_SCALE_DOWN_AGAIN = 0.9;
export const RATE_SCALE_FLOOR = 0.5;
export const RATE_SCALE_QUIET_MS = 10_000;
/**
 * Within RATE_SCALE_QUIET_MS of a cut, each answered call gives back RATE_SCALE_UP of the limit (the cut
 * stands while it may still be needed); once that long has passed with no cut, each answered call gives
 * back RATE_SCALE_RESTORE of what is still missing, so the pacer is back near the limit within a few calls.
 */
export const RATE_SCALE_UP = 0.0015;
export const RATE_SCALE_RESTORE = 0.25;

/**
 * `slotAt`: epoch ms of the reserved slot (absolute, so a reply that was slow to come back does not shift it);
 * `bookedAt`: when it was reserved (database clock), which tells slowDown whether it was booked at the old rate;
 * `spacingMs`: how far apart the pacer books calls now (what a call woken late eats into of the next one's).
 */
export type PaceDecision =
  { ok: true; slotAt: number; bookedAt: number; spacingMs: number } | { ok: false; waitMs: number };

const ms = (v: number) => sql`(${v}::double precision * interval '1 millisecond')`;
/** No cut for RATE_SCALE_QUIET_MS (or none ever): the pacer's last lesson has had its time. */
const quiet = sql`(p.scaled_at IS NULL OR p.scaled_at < statement_timestamp() - ${ms(RATE_SCALE_QUIET_MS)})`;

/**
 * The shared pacer: GCRA over statement_timestamp() in one statement, so every worker process on
 * the database paces one model together. A call reserves the next request slot and its tokens'
 * share of the minute (at PACE_FACTOR × rate_scale of the lower of the configured and learned limits);
 * it may reserve up to PACER_HORIZON_MS ahead and then sleeps until its slot. Beyond that it is told how
 * long to wait. Slots are strictly spaced (no burst allowance): a provider counting a rolling one-second
 * window sees at most one call per interval. rate_scale is what 429s taught: lowered by each 429 of a
 * call booked after the last cut, raised by every answered call, back up to 1 (RATE_SCALE_* above).
 */
export function createLlmPacer(db: Db) {
  /** SQL for "ms between two calls" from a per-minute limit: configured and learned, the lower (least() skips NULL). */
  const interval = (
    configured: number | undefined,
    learned: ReturnType<typeof sql>,
    perCall = 1,
    scale = sql`p.rate_scale`,
  ) =>
    sql`coalesce(${60_000 * perCall}::double precision / (least(${configured ?? null}::double precision, ${learned}) * ${PACE_FACTOR} * ${scale}), 0)`;

  return {
    async acquire(model: string, tokens: number, limits: ModelLimits): Promise<PaceDecision> {
      const ir = interval(limits.rpm, sql`p.learned_rpm`);
      const it = interval(limits.tpm, sql`p.learned_tpm`, tokens);
      const ir0 = interval(limits.rpm, sql`NULL::double precision`, 1, sql`1`);
      const it0 = interval(limits.tpm, sql`NULL::double precision`, tokens, sql`1`);
      const start = sql`greatest(p.request_tat, p.token_tat, statement_timestamp())`;
      const [row] = await sqlRows<{ slot_at: number | string; booked_at: number | string; spacing: number | string }>(
        db,
        sql`
        INSERT INTO llm_pacer AS p (model, request_tat, token_tat, updated_at)
        VALUES (${model}, statement_timestamp() + (${ir0} * interval '1 millisecond'), statement_timestamp() + (${it0} * interval '1 millisecond'), statement_timestamp())
        ON CONFLICT (model) DO UPDATE SET
          request_tat = ${start} + (${ir} * interval '1 millisecond'),
          token_tat = ${start} + (${it} * interval '1 millisecond'),
          updated_at = statement_timestamp()
        WHERE ${start} <= statement_timestamp() + ${ms(PACER_HORIZON_MS)}
        RETURNING extract(epoch from p.request_tat - (${ir} * interval '1 millisecond')) * 1000 AS slot_at,
          extract(epoch from statement_timestamp()) * 1000 AS booked_at, greatest(${ir}, ${it}) AS spacing`,
      );
      if (row)
        return {
          ok: true,
          slotAt: Number(row.slot_at),
          bookedAt: Number(row.booked_at),
          spacingMs: Number(row.spacing),
        };
      const [busy] = await sqlRows<{ wait_ms: number | string }>(
        db,
        sql`
        SELECT extract(epoch from greatest(request_tat, token_tat) - statement_timestamp()) * 1000 - ${PACER_HORIZON_MS} AS wait_ms
        FROM llm_pacer WHERE model = ${model}`,
      );
      return { ok: false, waitMs: Math.max(1, Number(busy?.wait_ms ?? 1)) };
    },

    /**
     * After an answer: gives back (or takes) the difference between estimated and actual tokens, and
     * raises rate_scale towards 1 (RATE_SCALE_UP, or RATE_SCALE_RESTORE of the rest after a quiet spell).
     * One statement, so an answered call costs one write.
     */
    async settle(model: string, deltaTokens: number, limits: ModelLimits): Promise<void> {
      const correct = deltaTokens !== 0 && !(limits.tpm === undefined && deltaTokens < 0);
      await db.execute(sql`
        UPDATE llm_pacer p SET
          token_tat = ${correct ? sql`greatest(p.token_tat + (${interval(limits.tpm, sql`p.learned_tpm`, deltaTokens)} * interval '1 millisecond'), statement_timestamp() - ${ms(PACER_HORIZON_MS)})` : sql`p.token_tat`},
          rate_scale = least(1, p.rate_scale + CASE WHEN ${quiet}
            THEN greatest(${RATE_SCALE_UP}::double precision, (1 - p.rate_scale) * ${RATE_SCALE_RESTORE})
            ELSE ${RATE_SCALE_UP}::double precision END)
        WHERE model = ${model} AND (${correct} OR p.rate_scale < 1)`);
    },

    /**
     * A call booked at `bookedAt` was answered 429: the pacer's rate was too high for the provider's
     * window (or our calls reach it bunched). Cut rate_scale, once for all calls booked before the cut:
     * gently after a quiet spell, harder when the last cut was recent.
     */
    async slowDown(model: string, bookedAt: number): Promise<void> {
      await db.execute(sql`
        UPDATE llm_pacer p SET scaled_at = statement_timestamp(), rate_scale = greatest(${RATE_SCALE_FLOOR}::double precision,
          p.rate_scale * CASE WHEN ${quiet} THEN ${RATE_SCALE_DOWN}::double precision ELSE ${RATE_SCALE_DOWN_AGAIN}::double precision END)
        WHERE model = ${model} AND (p.scaled_at IS NULL OR p.scaled_at < to_timestamp(${bookedAt / 1000}::double precision))`);
    },

    /**
     * Stores limits the provider stated; only writes when they changed. Returns the stored limits when this
     * call changed them (one worker among all sees the change), else undefined.
     */
    async learn(model: string, learned: ModelLimits): Promise<ModelLimits | undefined> {
      if (learned.rpm === undefined && learned.tpm === undefined) return undefined;
      const [row] = await sqlRows<{ rpm: number | null; tpm: number | null }>(
        db,
        sql`
        INSERT INTO llm_pacer AS p (model, learned_rpm, learned_tpm, learned_at) VALUES (${model}, ${learned.rpm ?? null}, ${learned.tpm ?? null}, statement_timestamp())
        ON CONFLICT (model) DO UPDATE SET learned_rpm = coalesce(excluded.learned_rpm, p.learned_rpm), learned_tpm = coalesce(excluded.learned_tpm, p.learned_tpm), learned_at = statement_timestamp()
        WHERE p.learned_rpm IS DISTINCT FROM coalesce(excluded.learned_rpm, p.learned_rpm) OR p.learned_tpm IS DISTINCT FROM coalesce(excluded.learned_tpm, p.learned_tpm)
        RETURNING p.learned_rpm AS rpm, p.learned_tpm AS tpm`,
      );
      return row ? { rpm: row.rpm ?? undefined, tpm: row.tpm ?? undefined } : undefined;
    },

    /** The provider asked every caller to wait (429 Retry-After, remaining 0 until reset): nobody sends before then. */
    async holdUntil(model: string, waitMs: number): Promise<void> {
      await db.execute(sql`
        INSERT INTO llm_pacer AS p (model, request_tat) VALUES (${model}, statement_timestamp() + ${ms(waitMs)})
        ON CONFLICT (model) DO UPDATE SET request_tat = greatest(p.request_tat, statement_timestamp() + ${ms(waitMs)})`);
    },

    async learned(): Promise<Map<string, ModelLimits & { learnedAt: Date | null }>> {
      const rows = await sqlRows<{
        model: string;
        learned_rpm: number | null;
        learned_tpm: number | null;
        learned_at: Date | string | null;
      }>(db, sql`SELECT model, learned_rpm, learned_tpm, learned_at FROM llm_pacer`);
      return new Map(
        rows.map((r) => [
          r.model,
          {
            rpm: r.learned_rpm ?? undefined,
            tpm: r.learned_tpm ?? undefined,
            learnedAt: r.learned_at ? new Date(r.learned_at) : null,
          },
        ]),
      );
    },
  };
}
export type LlmPacer = ReturnType<typeof createLlmPacer>;

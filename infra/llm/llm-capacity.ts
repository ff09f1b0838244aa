import { sql } from 'drizzle-orm';
import {
  configuredLimits,
  effectiveLimits,
  PACE_FACTOR,
  type ModelLimits,
  type RateLimits,
} from '../../domain/llm-limits';
import type { Db } from '../db/open-database';
import { int, sqlRows } from '../db/repositories/sql-rows';

/** One model as the operator sees it (`GET /api/llm/capacity`, `echopilot llm capacity`, the metrics). */
export interface ModelCapacity {
  model: string;
  configured: ModelLimits;
  learned: ModelLimits & { at: string | null };
  /** The lower of configured and learned; the pacer sends at PACE_FACTOR of it. */
  effective: ModelLimits;
  pacedAt: ModelLimits;
  /** Calls sent or answered in the last 60 s (current minute bucket plus the previous one, prorated). */
  current: { requestsPerMinute: number; tokensPerMinute: number };
  /** Calls holding a reserved slot ahead of now (sleeping in a worker until it). */
  callsWaiting: number;
  /** Calls told to come back later in the last 60 s (benign retries: the backlog outside the pacer's horizon). */
  pacedLastMinute: number;
  lastHour: { calls: number; rateLimited: number; failures: number };
}

export interface LlmCapacityDeps {
  db: Db;
  rateLimits: RateLimits;
  defaultLimits: ModelLimits;
  /** Models named in the configuration (LLM_MODEL, QA_MODEL): shown even before their first call. */
  models: string[];
}

const scaled = (l: ModelLimits, f: number): ModelLimits => ({
  rpm: l.rpm === undefined ? undefined : Math.floor(l.rpm * f),
  tpm: l.tpm === undefined ? undefined : Math.floor(l.tpm * f),
});

/** Reads the shared pacer (`llm_pacer`) and the per-minute counters (`llm_minute_stats`) into one view per model. */
export function createLlmCapacityReader(deps: LlmCapacityDeps) {
  return {
    async read(): Promise<ModelCapacity[]> {
      const pacer = await sqlRows<Record<string, unknown>>(
        deps.db,
        sql`SELECT model, learned_rpm, learned_tpm, learned_at, rate_scale,
          greatest(0, extract(epoch from request_tat - statement_timestamp()) * 1000) AS ahead_ms
        FROM llm_pacer`,
      );
      // The previous minute bucket counts for the part of it still inside the last 60 s.
      const stats = await sqlRows<Record<string, unknown>>(
        deps.db,
        sql`WITH w AS (SELECT 1 - extract(epoch from statement_timestamp() - date_trunc('minute', statement_timestamp())) / 60 AS prev)
        SELECT model,
          sum(CASE WHEN minute >= date_trunc('minute', statement_timestamp()) THEN calls
                   WHEN minute >= date_trunc('minute', statement_timestamp()) - interval '1 minute' THEN calls * w.prev ELSE 0 END) AS rpm,
          sum(CASE WHEN minute >= date_trunc('minute', statement_timestamp()) THEN tokens
                   WHEN minute >= date_trunc('minute', statement_timestamp()) - interval '1 minute' THEN tokens * w.prev ELSE 0 END) AS tpm,
          sum(CASE WHEN minute >= date_trunc('minute', statement_timestamp()) THEN paced
                   WHEN minute >= date_trunc('minute', statement_timestamp()) - interval '1 minute' THEN paced * w.prev ELSE 0 END) AS paced,
          sum(calls) AS calls, sum(rate_limited) AS rl, sum(failures) AS f
        FROM llm_minute_stats, w WHERE minute > statement_timestamp() - interval '1 hour'
        GROUP BY model`,
      );
      const pacerOf = new Map(pacer.map((r) => [String(r.model), r]));
      const statsOf = new Map(stats.map((r) => [String(r.model), r]));
      const models = [
        ...new Set([...deps.models, ...Object.keys(deps.rateLimits), ...pacerOf.keys(), ...statsOf.keys()]),
      ].sort();
      return models.map((model) => {
        const p = pacerOf.get(model);
        const s = statsOf.get(model);
        const configured = configuredLimits(deps.rateLimits, deps.defaultLimits, model);
        const learned = {
          rpm: p?.learned_rpm == null ? undefined : int(p.learned_rpm),
          tpm: p?.learned_tpm == null ? undefined : int(p.learned_tpm),
        };
        const effective = effectiveLimits(configured, learned);
        // What 429s taught (rate_scale, llm-pacer.ts) lowers the pace below PACE_FACTOR of the limit.
        const pacedAt = scaled(effective, PACE_FACTOR * Number(p?.rate_scale ?? 1));
        const aheadMs = Number(p?.ahead_ms ?? 0);
        return {
          model,
          configured,
          learned: { ...learned, at: p?.learned_at ? new Date(p.learned_at as string | Date).toISOString() : null },
          effective,
          pacedAt,
          current: { requestsPerMinute: int(s?.rpm), tokensPerMinute: int(s?.tpm) },
          callsWaiting: pacedAt.rpm ? Math.floor((aheadMs * pacedAt.rpm) / 60_000) : 0,
          pacedLastMinute: int(s?.paced),
          lastHour: { calls: int(s?.calls), rateLimited: int(s?.rl), failures: int(s?.f) },
        };
      });
    },
  };
}
export type LlmCapacityReader = ReturnType<typeof createLlmCapacityReader>;

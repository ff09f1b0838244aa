import { sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { int, sqlRows } from '../db/repositories/sql-rows';

export interface CallCounts {
  calls?: number;
  rateLimited?: number;
  failures?: number;
  tokens?: number;
  paced?: number;
}

export interface ModelCallStats {
  model: string;
  callsLastMinute: number;
  tokensLastMinute: number;
  pacedLastMinute: number;
  rateLimitedLastHour: number;
  failuresLastHour: number;
  callsLastHour: number;
}

/** Per model and minute counters of LLM calls (the operator's capacity view and its metrics). */
export function createLlmCallStats(db: Db) {
  return {
    async add(model: string, c: CallCounts): Promise<void> {
      await db.execute(sql`
        INSERT INTO llm_minute_stats AS s (model, minute, calls, rate_limited, failures, tokens, paced)
        VALUES (${model}, date_trunc('minute', statement_timestamp()), ${c.calls ?? 0}, ${c.rateLimited ?? 0}, ${c.failures ?? 0}, ${c.tokens ?? 0}, ${c.paced ?? 0})
        ON CONFLICT (model, minute) DO UPDATE SET calls = s.calls + excluded.calls, rate_limited = s.rate_limited + excluded.rate_limited,
          failures = s.failures + excluded.failures, tokens = s.tokens + excluded.tokens, paced = s.paced + excluded.paced`);
    },

    /** The last minute (the current and the previous minute bucket, prorated) and the last hour, per model. */
    async summary(): Promise<ModelCallStats[]> {
      await db.execute(sql`DELETE FROM llm_minute_stats WHERE minute < statement_timestamp() - interval '1 day'`);
      const rows = await sqlRows<Record<string, unknown>>(
        db,
        sql`
        SELECT model,
          sum(calls) FILTER (WHERE minute >= date_trunc('minute', statement_timestamp())) AS calls_now,
          sum(tokens) FILTER (WHERE minute >= date_trunc('minute', statement_timestamp())) AS tokens_now,
          sum(paced) FILTER (WHERE minute >= date_trunc('minute', statement_timestamp())) AS paced_now,
          sum(rate_limited) AS rl, sum(failures) AS f, sum(calls) AS c
        FROM llm_minute_stats WHERE minute > statement_timestamp() - interval '1 hour'
        GROUP BY model ORDER BY model`,
      );
      return rows.map((r) => ({
        model: String(r.model),
        callsLastMinute: int(r.calls_now),
        tokensLastMinute: int(r.tokens_now),
        pacedLastMinute: int(r.paced_now),
        rateLimitedLastHour: int(r.rl),
        failuresLastHour: int(r.f),
        callsLastHour: int(r.c),
      }));
    },
  };
}
export type LlmCallStats = ReturnType<typeof createLlmCallStats>;

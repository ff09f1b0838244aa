import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { sqlRows } from './sql-rows';

/**
 * Whether the LLM provider is failing, shared by every worker through the database: each transient
 * failure extends the outage, the first success ends it. The alert flags are claimed with conditional
 * updates, so however many workers see the outage, it is announced once and its recovery once.
 */
export function createLlmProviderHealth(db: Db) {
  return {
    /** Records a transient failure; `alert` is true for exactly one caller once the outage lasted `alertAfterMs`. */
    async failed(
      provider: string,
      error: string,
      alertAfterMs: number,
    ): Promise<{ failingSince: Date; alert: boolean }> {
      const [row] = await sqlRows<{
        failing_since: Date | string;
        failing_ms: number | string;
        alerted_at: Date | null;
      }>(
        db,
        sql`
          INSERT INTO llm_provider_health (provider, failing_since, last_error, updated_at)
          VALUES (${provider}, statement_timestamp(), ${error}, statement_timestamp())
          ON CONFLICT (provider) DO UPDATE SET
            failing_since = coalesce(llm_provider_health.failing_since, statement_timestamp()),
            last_error = excluded.last_error, updated_at = statement_timestamp()
          RETURNING failing_since, extract(epoch from statement_timestamp() - failing_since) * 1000 AS failing_ms, alerted_at`,
      );
      const failingSince = new Date(row!.failing_since);
      if (row!.alerted_at || Number(row!.failing_ms) < alertAfterMs) return { failingSince, alert: false };
      const claimed = await sqlRows(
        db,
        sql`
          UPDATE llm_provider_health SET alerted_at = statement_timestamp()
          WHERE provider = ${provider} AND alerted_at IS NULL AND failing_since IS NOT NULL RETURNING provider`,
      );
      return { failingSince, alert: claimed.length === 1 };
    },

    /**
     * Gives the alert claim back (a channel failed to deliver it): the next failure of the same outage
     * claims it again and re-sends; channels that already delivered suppress it through alert dedupe.
     */
    async releaseAlert(provider: string, failingSince: Date): Promise<void> {
      // failing_since has microseconds, the Date milliseconds: compare at the Date's precision.
      await sqlRows(
        db,
        sql`
          UPDATE llm_provider_health SET alerted_at = NULL
          WHERE provider = ${provider}
            AND date_trunc('milliseconds', failing_since) = ${failingSince.toISOString()}::timestamptz
          RETURNING provider`,
      );
    },

    /**
     * Ends an outage, for the one caller that ends it. `announce`: the operator was told of it, or was due
     * to be (`missed`: its last failure came `alertAfterMs` or more after its start, yet no alert claim is
     * held, i.e. the alert fell due while a channel was down and no later failure delivered it).
     */
    async succeeded(
      provider: string,
      alertAfterMs: number,
    ): Promise<{ failingSince: Date; announce: boolean; missed: boolean } | undefined> {
      const [row] = await sqlRows<{
        failing_since: Date | string;
        alerted_at: Date | null;
        failed_for_ms: number | string;
      }>(
        db,
        sql`
          WITH old AS (
            SELECT provider, failing_since, alerted_at, updated_at FROM llm_provider_health
            WHERE provider = ${provider} AND failing_since IS NOT NULL FOR UPDATE
          )
          UPDATE llm_provider_health h SET failing_since = NULL, alerted_at = NULL, updated_at = statement_timestamp()
          FROM old WHERE h.provider = old.provider
          RETURNING old.failing_since, old.alerted_at,
            extract(epoch from old.updated_at - old.failing_since) * 1000 AS failed_for_ms`,
      );
      if (!row) return undefined;
      const missed = row.alerted_at === null && Number(row.failed_for_ms) >= alertAfterMs;
      return { failingSince: new Date(row.failing_since), announce: row.alerted_at !== null || missed, missed };
    },

    async get(
      provider: string,
    ): Promise<{ failingSince: Date | null; lastError: string | null; alertedAt: Date | null } | undefined> {
      const [row] = await sqlRows<{
        failing_since: Date | string | null;
        last_error: string | null;
        alerted_at: Date | string | null;
      }>(db, sql`SELECT failing_since, last_error, alerted_at FROM llm_provider_health WHERE provider = ${provider}`);
      const d = (v: Date | string | null) => (v === null ? null : new Date(v));
      return row && { failingSince: d(row.failing_since), lastError: row.last_error, alertedAt: d(row.alerted_at) };
    },
  };
}
export type LlmProviderHealth = ReturnType<typeof createLlmProviderHealth>;

import { sql, type SQL } from 'drizzle-orm';
import { splitDays } from './day-split';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Latency histogram rows (k, bucket, n) of the whole hours [from, to): whole UTC days from
 * job_latency_daily, the hours at the ends from job_latency_hourly (signed), so the rows read grow with
 * the window's days, not its hours. `key` is `type` or a constant (both tables have `type`).
 */
export function latencyRollupByDays(hours: { from: Date; to: Date }, key: SQL): SQL {
  const split = splitDays(hours);
  const parts = split.hours.map(
    (h) =>
      sql`select ${key} as k, bucket::int as bucket, ${h.sign}::int * tasks as n from job_latency_hourly
          where "hour" >= ${at(h.from)} and "hour" < ${at(h.to)}`,
  );
  if (split.days)
    parts.push(
      sql`select ${key} as k, bucket::int as bucket, tasks as n from job_latency_daily
          where "day" >= ${at(split.days.from)} and "day" < ${at(split.days.to)}`,
    );
  return parts.length
    ? sql.join(parts, sql` union all `)
    : sql`select ${key} as k, bucket::int as bucket, tasks as n from job_latency_daily where false`;
}

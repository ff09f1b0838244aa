import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATENCY_RELATIVE_ERROR } from '../../domain/latency-histogram';
import type { Database } from '../../infra/db/open-database';
import { createCostLedger } from '../../infra/db/repositories/cost-ledger';
import { createLedgerMetrics } from '../../infra/db/repositories/ledger-metrics';
import { createLedgerRetention } from '../../infra/db/repositories/ledger-retention';
import { createReportDataSource } from '../../infra/db/repositories/report-data';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { fixedRandom } from '../support/fixed-random';
import { hourlyDirect, latencyDirect, reportDirect, windowDirect } from '../support/ledger-reference';
import { writeRandomLedger } from '../support/random-ledger';
import { openTestDatabase } from '../support/test-database';

const HOUR = 3_600_000;

/** A percentile from the rollup (rounded to ms) against percentile_cont over the same rows. */
function expectWithinBound(got: number | null, exact: number | null, what: string) {
  if (exact === null) return expect(got, what).toBeNull();
  expect(got, what).not.toBeNull();
  expect(Math.abs(got! - exact), `${what}: ${got} vs exact ${exact}`).toBeLessThanOrEqual(
    LATENCY_RELATIVE_ERROR * exact + 0.5 + 1e-6,
  );
}

/** Window ends to check: arbitrary instants, whole hours, and instants equal to a row's own time. */
async function someInstants(database: Database, rnd: ReturnType<typeof fixedRandom>, end: number) {
  const [row] = await sqlRows<{ c: string | Date; a: string | Date }>(
    database.db,
    sql`select (select completed_at from jobs where completed_at is not null order by task_id limit 1 offset 7) as c,
          (select created_at from job_attempts order by task_id, step limit 1 offset 5) as a`,
  );
  return [
    end,
    end - rnd.int(0, 4 * 24 * HOUR),
    Math.floor((end - rnd.int(0, 4 * 24 * HOUR)) / HOUR) * HOUR,
    new Date(row!.c).getTime(),
    new Date(row!.a).getTime(),
    new Date(row!.c).getTime() + 24 * HOUR,
  ].map((t) => new Date(t));
}

/** job_latency_daily's rows, or the same grouping computed from the ledger rows. */
async function latencyDays(db: Database['db'], from: 'rollup' | 'direct') {
  const q =
    from === 'rollup'
      ? sql`select day::text || ' ' || type || ' ' || bucket::text as k, tasks::int as n from job_latency_daily where tasks <> 0`
      : sql`select utc_day(completed_at)::text || ' ' || type || ' ' ||
              (case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end)::text as k, count(*)::int as n
            from (select *, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat
                  from jobs where completed_at is not null and status in ('done', 'low_qa')) s group by 1`;
  const rows = await sqlRows<{ k: string; n: unknown }>(db, sql`select * from (${q}) x order by k`);
  return rows.map((r) => [r.k, Number(r.n)]);
}

describe('hourly rollups (p95, trends, predictive alerts, reports)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('agree with a direct computation over the same rows on random ledgers, with late, corrected, moved and deleted rows', async () => {
    const db = database.db;
    const metrics = createLedgerMetrics(db);
    const reports = createReportDataSource(db);
    const cost = createCostLedger(db);
    const end = Date.now() + 30 * 60_000;
    for (const ledgerNo of [1, 2, 3]) {
      const rnd = fixedRandom(100 + ledgerNo);
      await writeRandomLedger(db, rnd, `h${ledgerNo}`, 300, end);
      for (const now of await someInstants(database, rnd, end)) {
        const at = `ledger ${ledgerNo}, now ${now.toISOString()}`;
        for (const hours of [1, 24, 72, 168]) {
          const got = await metrics.latency(now, hours);
          const exact = await latencyDirect(db, new Date(now.getTime() - hours * HOUR), now);
          expect(Object.keys(got).sort(), at).toEqual(Object.keys(exact).sort());
          for (const [type, e] of Object.entries(exact)) {
            expect(got[type]!.count, `${at} ${hours}h ${type} count`).toBe(e.count);
            expectWithinBound(got[type]!.p50Ms, e.p50, `${at} ${hours}h ${type} p50`);
            expectWithinBound(got[type]!.p95Ms, e.p95, `${at} ${hours}h ${type} p95`);
            expectWithinBound(got[type]!.p99Ms, e.p99, `${at} ${hours}h ${type} p99`);
          }
        }
        const buckets = await metrics.hourly(now, 24);
        const exactHours = await hourlyDirect(db, new Date(buckets[0]!.hourStart), now);
        for (const b of buckets) {
          const h = new Date(b.hourStart).getTime() / HOUR;
          const e = exactHours.byHour.get(h);
          const qa = e?.qa === null || e?.qa === undefined ? null : Math.round(Number(e.qa) * 10) / 10;
          expect([b.completed, b.failed, b.qaAvg], `${at} hour ${b.hourStart}`).toEqual([
            Number(e?.completed ?? 0),
            Number(e?.failed ?? 0),
            qa,
          ]);
          expect(b.costMicroUsd, `${at} hour ${b.hourStart} cost`).toBe(exactHours.costByHour.get(h) ?? 0);
          expectWithinBound(b.p95Ms, e?.p95 == null ? null : Number(e.p95), `${at} hour ${b.hourStart} p95`);
        }
        for (const hours of [1, 6]) {
          const { p95Ms, ...counts } = await metrics.window(now, hours);
          const { p95, ...exact } = await windowDirect(db, new Date(now.getTime() - hours * HOUR), now);
          expect(counts, `${at} window ${hours}h`).toEqual(exact);
          expectWithinBound(p95Ms, p95, `${at} window ${hours}h p95`);
        }
        const since = new Date(now.getTime() - 24 * HOUR);
        const exact = await reportDirect(db, since, now);
        expect(await reports.outcomes(since, now), `${at} outcomes`).toEqual(exact.outcomes);
        expect((await reports.intake(since, now)).created, `${at} intake`).toBe(exact.created);
        expect(await reports.topClients(since, now, 100), `${at} top clients`).toEqual(exact.topClients);
        expect(await cost.byModel(since, now), `${at} spend by model`).toEqual(exact.byModel);
      }
      // The daily histogram equals the same grouping over the rows, after every change above.
      expect(await latencyDays(db, 'rollup'), `ledger ${ledgerNo} daily histogram`).toEqual(
        await latencyDays(db, 'direct'),
      );
    }
  }, 300_000);

  it('keep counting what retention archives; a window reaching into archived time starts at its whole hour', async () => {
    const db = database.db;
    const metrics = createLedgerMetrics(db);
    const reports = createReportDataSource(db);
    const cost = createCostLedger(db);
    const now = new Date();
    const since = new Date(now.getTime() - 5 * 24 * HOUR);
    const sinceHour = new Date(Math.floor(since.getTime() / HOUR) * HOUR);
    const retained = async () => ({
      latency: await metrics.latency(now, 24),
      hourly: await metrics.hourly(now, 24),
      window: await metrics.window(now, 6),
    });
    const reportsFrom = async (from: Date) => ({
      outcomes: await reports.outcomes(from, now),
      created: (await reports.intake(from, now)).created,
      clients: await reports.topClients(from, now, 100),
      models: await cost.byModel(from, now),
    });
    const before = { retained: await retained(), reports: await reportsFrom(sinceHour) };
    const retention = createLedgerRetention(db);
    const cutoff = new Date(now.getTime() - 3 * 24 * HOUR - 17 * 60_000);
    expect(await retention.archiveTasks(cutoff, 100_000)).toBeGreaterThan(0);
    expect(await retention.pruneAttempts(cutoff, 100_000)).toBeGreaterThan(0);
    expect(await retention.pruneSlots(100_000)).toBeGreaterThan(0);
    expect(before.reports.outcomes.byStatus.done).toBeGreaterThan(0);
    expect({ retained: await retained(), reports: await reportsFrom(since) }).toEqual(before);
  });
});

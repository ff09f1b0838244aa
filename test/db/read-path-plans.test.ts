import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Logger } from 'drizzle-orm/logger';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLedger } from '../../bench/data-scale/fill-ledger';
import { readPaths } from '../../bench/data-scale/read-paths';
import type { Database, Db } from '../../infra/db/open-database';
import * as schema from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
/** The ledger and the rollups that grow with its history (one row per hour or 5-minute slot and key). */
const GROWING = [
  'jobs',
  'job_attempts',
  'job_outcome_hourly',
  'job_latency_hourly',
  'job_latency_daily',
  'job_client_hourly',
  'job_intake_hourly',
  'attempt_cost_hourly',
  'job_outcome_5min',
  'job_latency_5min',
  'job_client_5min',
  'job_intake_5min',
  'attempt_cost_5min',
];
const seqScans = (n: PlanNode): string[] => [
  ...(n['Node Type'] === 'Seq Scan' && GROWING.includes(n['Relation Name'] ?? '') ? [n['Relation Name']!] : []),
  ...(n.Plans ?? []).flatMap(seqScans),
];

/** Every scan of jobs or job_attempts in a plan, as "node type on index (table)". */
const ledgerScans = (n: PlanNode): string[] => [
  ...(['jobs', 'job_attempts'].includes(n['Relation Name'] ?? '')
    ? [`${n['Node Type']} on ${n['Index Name'] ?? '-'} (${n['Relation Name']})`]
    : []),
  ...(n.Plans ?? []).flatMap(ledgerScans),
];

/** The edge reads' indexes: completion and creation time on jobs, creation time on job_attempts. */
const COVERED =
  /^Index Only Scan on (jobs_completed_idx \(jobs\)|jobs_created_idx \(jobs\)|job_attempts_created_idx \(job_attempts\))$/;

async function inTransaction(pool: pg.Pool, settings: string[], text: string, params: unknown[]) {
  const c = await pool.connect();
  try {
    await c.query('begin');
    for (const s of settings) await c.query(`set local ${s}`);
    return await c.query(text, params);
  } finally {
    await c.query('rollback');
    c.release();
  }
}

/**
 * Every hot read path (the queries behind the admin routes and the routines) on a ledger of 300 days,
 * large enough that the planner picks an index where one matches: a sequential scan of jobs,
 * job_attempts or an hourly rollup means the query reads the whole history to answer a window or a page.
 */
describe('read paths use indexes, not scans of the whole ledger or its rollups', () => {
  let database: Database;
  const captured: { query: string; params: unknown[] }[] = [];
  let capturing = false;
  let logged: Db;
  let explain: (q: string, params: unknown[], settings?: string[]) => Promise<PlanNode>;
  beforeAll(async () => {
    database = await openTestDatabase();
    await fillLedger(database.db, { days: 300, end: new Date(), clients: 50 }, 0, 20_000);
    const logger: Logger = { logQuery: (query, params) => void (capturing && captured.push({ query, params })) };
    const client = (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
    logged =
      database.kind === 'pglite'
        ? drizzlePglite(client as PGlite, { schema, logger })
        : drizzlePg(client as pg.Pool, { schema, logger });
    explain = async (q, params, settings = []) => {
      const text = `explain (format json) ${q}`;
      // Planner settings apply to this statement only: `set local` in a transaction on one connection.
      const res = (
        database.kind === 'pglite'
          ? await (client as PGlite).transaction(async (tx) => {
              for (const s of settings) await tx.query(`set local ${s}`);
              return tx.query(text, params);
            })
          : await inTransaction(client as pg.Pool, settings, text, params)
      ) as { rows: Record<string, unknown>[] };
      const plan = res.rows[0]!['QUERY PLAN'];
      return ((typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[])[0]!.Plan;
    };
  }, 300_000);
  afterAll(async () => database.close());

  it('EXPLAIN of each route and routine query shows no sequential scan of jobs, job_attempts or the hourly rollups', async () => {
    const found: string[] = [];
    for (const path of await readPaths(logged, new Date(), 20_000)) {
      captured.length = 0;
      capturing = true;
      await path.run();
      capturing = false;
      expect(captured.length, path.name).toBeGreaterThan(0);
      for (const { query, params } of captured) {
        for (const table of seqScans(await explain(query, params)))
          found.push(`${path.name}: Seq Scan on ${table} in ${query.slice(0, 120)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the partial-hour edges of windowed reads are covered by the ledger indexes (index-only scans)', async () => {
    // At 20k tasks an edge holds a handful of rows and the planner may as well take a bitmap scan and its few
    // heap pages; at ten thousand tasks an hour it takes the index-only scan (bench/data-scale), which needs
    // every column the edge reads to be in the index. With bitmap scans off, any such column left out of
    // the index shows here as a plain Index Scan (heap fetches).
    const found: string[] = [];
    let edges = 0;
    const windowed = ['GET /p95', 'trends', 'daily report', 'auto-operator'];
    for (const path of await readPaths(logged, new Date(), 20_000)) {
      if (!windowed.some((w) => path.name.startsWith(w))) continue;
      captured.length = 0;
      capturing = true;
      await path.run();
      capturing = false;
      // The window reads: whole hours from a rollup and the partial hours from the ledger, in one statement.
      for (const { query, params } of captured.filter((c) => c.query.includes(' union all '))) {
        for (const scan of ledgerScans(await explain(query, params, ['enable_bitmapscan = off']))) {
          edges++;
          if (!COVERED.test(scan)) found.push(`${path.name}: ${scan}`);
        }
      }
    }
    expect(edges).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});

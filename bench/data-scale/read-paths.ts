import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { createCostLedger } from '../../infra/db/repositories/cost-ledger';
import { createFinanceMetrics } from '../../infra/db/repositories/finance-metrics';
import { createJobReplayRepository } from '../../infra/db/repositories/job-replays';
import { createTaskLedger } from '../../infra/db/repositories/task-ledger';
import { createLedgerMetrics, P95_WINDOWS } from '../../infra/db/repositories/ledger-metrics';
import { createReportDataSource } from '../../infra/db/repositories/report-data';
import { sqlRows } from '../../infra/db/repositories/sql-rows';

export type ReadPathKind = 'list' | 'aggregate' | 'routine';
export interface ReadPath {
  name: string;
  kind: ReadPathKind;
  run(): Promise<unknown>;
}

const DAY_MS = 86_400_000;

/**
 * The queries behind every admin read route and routine, called as the routes and activities call
 * them (the repository functions they use), at `now` = the newest end of the generated ledger.
 */
export async function readPaths(db: Db, now: Date, total: number): Promise<ReadPath[]> {
  const jobs = createTaskLedger(db);
  const finance = createFinanceMetrics(db);
  const metrics = createLedgerMetrics(db);
  const reports = createReportDataSource(db);
  const cost = createCostLedger(db);
  const replays = createJobReplayRepository(db);
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  // A cursor 99% deep into the list: the task whose creation time is 1% from the oldest.
  const deep = (await jobs.list({ limit: 1, cursor: undefined, status: undefined }))[0];
  const deepRow = await deepCursor(db, total);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const q = { now, limit: 50, maxReplays: 3 };
  return [
    { name: 'GET /api/tasks (first page)', kind: 'list', run: () => jobs.list({ limit: 51 }) },
    { name: 'GET /api/tasks (cursor 99% deep)', kind: 'list', run: () => jobs.list({ limit: 51, cursor: deepRow }) },
    {
      name: 'GET /api/tasks?status=failed (cursor 99% deep)',
      kind: 'list',
      run: () => jobs.list({ limit: 51, status: 'failed', cursor: deepRow }),
    },
    {
      name: 'GET /api/tasks?clientId= (cursor 99% deep)',
      kind: 'list',
      run: () => jobs.list({ limit: 51, clientId: 'client-7', cursor: deepRow }),
    },
    { name: 'GET /api/tasks/:id', kind: 'list', run: () => jobs.get(deep!.taskId) },
    {
      name: 'GET /api/finance-metrics (30 days)',
      kind: 'aggregate',
      run: () =>
        Promise.all([
          finance.perDay(new Date(today.getTime() - 30 * DAY_MS), today, 'usd'),
          finance.perClient(new Date(today.getTime() - 30 * DAY_MS), today, 'usd'),
        ]),
    },
    {
      name: 'GET /api/finance-metrics (1 day)',
      kind: 'aggregate',
      run: () =>
        Promise.all([
          finance.perDay(new Date(today.getTime() - DAY_MS), today, 'usd'),
          finance.perClient(new Date(today.getTime() - DAY_MS), today, 'usd'),
        ]),
    },
    {
      name: 'GET /p95 (1h, 24h, 7d)',
      kind: 'aggregate',
      run: () => Promise.all(Object.values(P95_WINDOWS).map((h) => metrics.latency(now, h))),
    },
    {
      name: 'trends + predictive alerts (24 hourly buckets, 6 h window)',
      kind: 'routine',
      run: () => Promise.all([metrics.hourly(now, 24), metrics.window(now, 6)]),
    },
    {
      name: 'daily report data (outcomes, intake, top clients, latency, cost by model)',
      kind: 'routine',
      run: () =>
        Promise.all([
          reports.outcomes(dayAgo, now),
          reports.outcomes(new Date(dayAgo.getTime() - DAY_MS), dayAgo),
          cost.byModel(new Date(dayAgo.getTime() - DAY_MS), dayAgo),
          reports.intake(dayAgo, now),
          cost.byModel(dayAgo, now),
          reports.topClients(dayAgo, now, 5),
          metrics.latency(now, 24),
          replays.countSince(dayAgo),
          reports.alertCounts(dayAgo, now),
        ]),
    },
    {
      name: 'self-heal selection (24 h)',
      kind: 'routine',
      run: () => replays.selfHealCandidates({ ...q, lookbackHours: 24 }),
    },
    {
      name: 'job replay selection (14 days)',
      kind: 'routine',
      run: () => replays.jobReplayCandidates({ ...q, lookbackHours: 14 * 24 }),
    },
    {
      name: 'auto-operator (stale in flight, backlog, last hour)',
      kind: 'routine',
      run: () => Promise.all([metrics.staleInFlight(now, 30, 100), metrics.backlog(now), metrics.window(now, 1)]),
    },
  ];
}

async function deepCursor(db: Db, total: number) {
  const [row] = await sqlRows<{ task_id: string; created_at: string | Date }>(
    db,
    sql`select task_id, created_at from jobs order by created_at, task_id offset ${Math.floor(total / 100)} limit 1`,
  );
  return { taskId: row!.task_id, createdAt: new Date(row!.created_at) };
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../infra/db/open-database';
import { createFinanceMetrics, type FinanceRow } from '../../infra/db/repositories/finance-metrics';
import { createTaskLedger } from '../../infra/db/repositories/task-ledger';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { jobs } from '../../infra/db/schema';
import { fixedRandom } from '../support/fixed-random';
import { openTestDatabase } from '../support/test-database';

const DAY = 86_400_000;

/** The finance view's cost as it was defined before the rollup: the tasks themselves, grouped. */
async function costFromTasks(database: Database, by: 'day' | 'client', from: Date, to: Date) {
  const key =
    by === 'day'
      ? sql`to_char(coalesce(completed_at, created_at) at time zone 'UTC', 'YYYY-MM-DD')`
      : sql`coalesce(client_id, '(none)')`;
  const rows = await sqlRows<{ key: string; v: string }>(
    database.db,
    sql`select ${key} as key, coalesce(sum(cost_micro_usd), 0) as v from jobs
    where coalesce(completed_at, created_at) >= ${from.toISOString()}::timestamptz and coalesce(completed_at, created_at) < ${to.toISOString()}::timestamptz
    group by 1 order by 1`,
  );
  return rows.map((r) => ({ key: r.key, v: Number(r.v) }));
}
const costOf = (rows: FinanceRow[]) => rows.map((r) => ({ key: r.key, v: r.llmCostMicroUsd }));

describe('daily cost rollup (finance view)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('agrees with grouping the tasks themselves on random ledgers, with late, corrected, moved and deleted rows', async () => {
    const finance = createFinanceMetrics(database.db);
    const repo = createTaskLedger(database.db);
    const today = Math.floor(Date.now() / DAY) * DAY;
    for (const ledgerNo of [1, 2, 3]) {
      const rnd = fixedRandom(ledgerNo);
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        const taskId = `s${ledgerNo}-${i}`;
        ids.push(taskId);
        const created = new Date(today - rnd.int(0, 9) * DAY - rnd.int(0, DAY - 1));
        await database.db.insert(jobs).values({
          taskId,
          workflowId: `task-${taskId}`,
          source: 'api',
          title: 'T',
          prompt: 'P',
          clientId: rnd.pick(['a', 'b', 'c', null]),
          createdAt: created,
        });
        for (let s = 0; s < rnd.int(0, 3); s++) {
          await repo.recordStep({
            taskId,
            run: 0,
            attempt: 1,
            step: `generate-${s}`,
            model: 'm',
            costMicroUsd: rnd.int(0, 5000),
          });
        }
        const fate = rnd.next();
        if (fate < 0.5)
          await repo.finish(taskId, 0, { status: 'done' }); // completed now: its cost moves to today
        else if (fate < 0.7) {
          // Completed late, on another day than it was created (a replayed task, a clock correction).
          await database.db
            .update(jobs)
            .set({ completedAt: new Date(created.getTime() + rnd.int(0, 3) * DAY) })
            .where(sql`task_id = ${taskId}`);
        }
      }
      for (let i = 0; i < 25; i++) {
        const taskId = rnd.pick(ids);
        const op = rnd.int(0, 3);
        if (op === 0)
          await database.db
            .update(jobs)
            .set({ costMicroUsd: rnd.int(0, 9000) })
            .where(sql`task_id = ${taskId}`); // corrected
        if (op === 1)
          await database.db
            .update(jobs)
            .set({ clientId: rnd.pick(['a', 'd', null]) })
            .where(sql`task_id = ${taskId}`); // reassigned
        if (op === 2)
          await database.db
            .update(jobs)
            .set({ completedAt: null })
            .where(sql`task_id = ${taskId}`); // running again
        if (op === 3) await database.db.delete(jobs).where(sql`task_id = ${taskId}`);
      }
      for (const [from, to] of [
        [today - 12 * DAY, today + 2 * DAY],
        [today - 3 * DAY, today - DAY],
        [today, today + DAY],
      ] as const) {
        const [f, t] = [new Date(from), new Date(to)];
        expect(costOf(await finance.perDay(f, t, 'usd'))).toEqual(await costFromTasks(database, 'day', f, t));
        expect(costOf(await finance.perClient(f, t, 'usd'))).toEqual(await costFromTasks(database, 'client', f, t));
      }
    }
  });

  it('keeps counting tasks that retention archives', async () => {
    const finance = createFinanceMetrics(database.db);
    const today = Math.floor(Date.now() / DAY) * DAY;
    const created = new Date(today - 40 * DAY);
    await database.db.insert(jobs).values({
      taskId: 'old-1',
      workflowId: 'task-old-1',
      source: 'api',
      title: 'T',
      prompt: 'P',
      clientId: 'z',
      costMicroUsd: 1234,
      createdAt: created,
      completedAt: created,
      status: 'done',
    });
    const window = [new Date(today - 41 * DAY), new Date(today - 39 * DAY)] as const;
    const before = await finance.perClient(...window, 'usd');
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('echopilot.archiving', 'on', true)`);
      await tx.delete(jobs).where(sql`task_id = 'old-1'`);
    });
    expect(before.find((r) => r.key === 'z')?.llmCostMicroUsd).toBe(1234);
    expect(await finance.perClient(...window, 'usd')).toEqual(before);
  });
});

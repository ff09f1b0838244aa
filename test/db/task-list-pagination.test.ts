import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../infra/db/open-database';
import { createTaskLedger, type TaskCursor } from '../../infra/db/repositories/task-ledger';
import { jobs } from '../../infra/db/schema';
import { fixedRandom } from '../support/fixed-random';
import { openTestDatabase } from '../support/test-database';

describe('task list keyset pagination', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('returns every task exactly once across pages while new tasks keep arriving, with and without filters', async () => {
    const rnd = fixedRandom(18);
    const base = Date.UTC(2026, 10, 1);
    // Many tasks share a creation millisecond: the task id breaks the tie.
    const rows = Array.from({ length: 400 }, (_, i) => ({
      taskId: `t-${String(i).padStart(4, '0')}-${rnd.int(0, 9)}`,
      workflowId: `task-${i}`,
      source: 'api',
      title: 'T',
      prompt: 'P',
      clientId: rnd.pick(['a', 'b', null]),
      status: rnd.pick(['done', 'failed', 'queued']),
      createdAt: new Date(base + rnd.int(0, 60) * 1000),
    }));
    await database.db.insert(jobs).values(rows);
    const repo = createTaskLedger(database.db);
    let arriving = 0;
    for (const filter of [
      {},
      { status: 'failed' as const },
      { clientId: 'a' },
      { status: 'done' as const, clientId: 'b' },
    ]) {
      const seen: string[] = [];
      let cursor: TaskCursor | undefined;
      for (;;) {
        const page = await repo.list({ ...filter, limit: 13, cursor });
        seen.push(...page.map((r) => r.taskId));
        // Tasks submitted meanwhile are newer than every cursor: they belong to the first page of a new listing.
        await repo.create({
          taskId: `new-${arriving++}`,
          workflowId: `task-new-${arriving}`,
          source: 'api',
          title: 'T',
          prompt: 'P',
          clientId: 'a',
        });
        if (page.length < 13) break;
        cursor = { createdAt: page.at(-1)!.createdAt, taskId: page.at(-1)!.taskId };
      }
      const expected = rows
        .filter(
          (r) =>
            (!('status' in filter) || r.status === filter.status) &&
            (!('clientId' in filter) || r.clientId === filter.clientId),
        )
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.taskId < y.taskId ? 1 : -1))
        .map((r) => r.taskId);
      expect(seen.filter((id) => !id.startsWith('new-'))).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import type { ScheduleDefinition } from '../../schedules/schedule-definition';
import { listOwnedSchedules, syncSchedules } from '../../schedules/sync-schedules';
import { testClient } from '../support/temporal';
import { testConfig } from '../support/test-config';

/** Definitions with ids unique to this run, so parallel test files never share schedules. */
function uniqueDefs(suffix: string): ScheduleDefinition[] {
  return scheduleDefinitions(testConfig()).map((d) => ({ ...d, id: `${d.id}-${suffix}` }));
}

async function state(client: Client, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const d = await client.schedule.getHandle(id).describe();
      return {
        id,
        paused: d.state.paused,
        note: d.state.note,
        spec: d.spec,
        action: d.action,
        overlap: d.policies.overlap,
      };
    }),
  );
}

describe('syncSchedules (real dev server)', () => {
  let client: Client;
  const suffix = randomUUID().slice(0, 8);
  const foreignId = `someone-else-${suffix}`;
  beforeAll(async () => {
    client = await testClient();
  });
  afterAll(async () => {
    for (const s of await listOwnedSchedules(client))
      if (s.scheduleId.endsWith(suffix)) await client.schedule.getHandle(s.scheduleId).delete();
    await client.schedule
      .getHandle(foreignId)
      .delete()
      .catch(() => undefined);
    await client.connection.close();
  });

  it('creates, is idempotent, keeps pause state, deletes only removed owned schedules', async () => {
    const defs = uniqueDefs(suffix);
    const ids = defs.map((d) => `echopilot-${d.id}`);
    await client.schedule.create({
      scheduleId: foreignId,
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'healthProbe', args: [{ source: 'x' }], taskQueue: 'nobody' },
      state: { paused: true },
    });

    const first = await syncSchedules(client, defs, 'q1');
    expect(first.created.sort()).toEqual([...ids].sort());
    const afterFirst = await state(client, ids);

    const second = await syncSchedules(client, defs, 'q1');
    expect(second.created).toEqual([]);
    expect(second.updated.sort()).toEqual([...ids].sort());
    expect(await state(client, ids)).toEqual(afterFirst);

    await client.schedule.getHandle(ids[0]!).pause('maintenance window');
    await syncSchedules(client, defs, 'q1');
    const [paused] = await state(client, [ids[0]!]);
    expect(paused).toMatchObject({ paused: true, note: 'maintenance window', overlap: ScheduleOverlapPolicy.SKIP });

    // Removing a definition deletes its schedule; the foreign schedule is untouched.
    const third = await syncSchedules(client, defs.slice(1), 'q1');
    expect(third.deleted).toContain(ids[0]);
    await expect(client.schedule.getHandle(ids[0]!).describe()).rejects.toThrow();
    expect((await client.schedule.getHandle(foreignId).describe()).state.paused).toBe(true);
  });
});

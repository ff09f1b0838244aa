import type { Client } from '@temporalio/client';
import { connectClient } from '../../infra/temporal/connect';
import { fullScheduleId, scheduleDefinitions, SCHEDULE_ID_PREFIX } from '../../schedules/definitions';
import { listOwnedSchedules, syncSchedules } from '../../schedules/sync-schedules';
import { bootConfig } from '../boot';

async function withClient<T>(fn: (client: Client, config: ReturnType<typeof bootConfig>) => Promise<T>): Promise<T> {
  const config = bootConfig();
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
  const client = await connectClient({ address, namespace: config.temporal.namespace }, 5_000);
  try {
    return await fn(client, config);
  } finally {
    await client.connection.close();
  }
}

/** Accepts `heartbeat` or `echopilot-heartbeat`. */
const resolveId = (id: string) => (id.startsWith(SCHEDULE_ID_PREFIX) ? id : fullScheduleId(id));

export const schedulesCommands = {
  list: () =>
    withClient(async (client) => {
      const rows = await listOwnedSchedules(client);
      for (const s of rows) {
        const d = await client.schedule.getHandle(s.scheduleId).describe();
        const next = d.info.nextActionTimes[0]?.toISOString() ?? '-';
        const last = d.info.recentActions.at(-1)?.takenAt.toISOString() ?? '-';
        console.log(`${s.scheduleId.padEnd(36)} ${d.state.paused ? 'PAUSED ' : 'active '} next=${next} last=${last}${d.state.note ? `  note="${d.state.note}"` : ''}`);
      }
      if (rows.length === 0) console.log('No EchoPilot schedules; run `echopilot schedules sync`.');
    }),
  sync: () =>
    withClient(async (client, config) => {
      const r = await syncSchedules(client, scheduleDefinitions(config), config.temporal.taskQueue);
      console.log(`created: ${r.created.join(', ') || '-'}\nupdated: ${r.updated.join(', ') || '-'}\ndeleted: ${r.deleted.join(', ') || '-'}`);
    }),
  pause: (id: string, note?: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveId(id)).pause(note ?? 'paused from echopilot CLI');
      console.log(`paused ${resolveId(id)}`);
    }),
  unpause: (id: string, note?: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveId(id)).unpause(note ?? 'unpaused from echopilot CLI');
      console.log(`unpaused ${resolveId(id)}`);
    }),
  trigger: (id: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveId(id)).trigger();
      console.log(`triggered ${resolveId(id)}`);
    }),
};

import type { Client } from '@temporalio/client';
import { connectClient, temporalTarget } from '../../infra/temporal/connect';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { z } from 'zod';
import { definedScheduleIds, scheduleDefinitions } from '../../schedules/definitions';
import {
  backfillSchedule,
  describeOwned,
  listScheduleViews,
  resolveScheduleId,
  startScheduler,
  stopScheduler,
} from '../../schedules/manage-schedules';
import { withLastResults } from '../../schedules/last-result';
import { syncSchedules } from '../../schedules/sync-schedules';
import { bootConfig } from '../boot';
import { printJson } from '../print';
import { cliDataConverter } from '../cli-data-converter';

async function withClient<T>(fn: (client: Client, config: ReturnType<typeof bootConfig>) => Promise<T>): Promise<T> {
  const config = bootConfig();
  const converter = await cliDataConverter(config);
  const client = await connectClient(temporalTarget(config.temporal), 5_000, undefined, converter.dataConverter);
  try {
    return await fn(client, config);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError)
      throw new Error('No such schedule; `echopilot schedules list` shows them', { cause: err });
    throw err;
  } finally {
    await client.connection.close();
    await converter.close();
  }
}

export const schedulesCommands = {
  list: (o: { json?: boolean } = {}) =>
    withClient(async (client) => {
      const views = (await withLastResults(client, await listScheduleViews(client))).map((v) => ({
        scheduleId: v.scheduleId,
        paused: v.paused,
        note: v.note || null,
        nextRun: v.nextRuns[0] ?? null,
        lastRun: v.lastResult?.startedAt ?? null,
        lastResult: v.lastResult && {
          workflowId: v.lastResult.workflowId,
          status: v.lastResult.status,
          closedAt: v.lastResult.closedAt,
        },
      }));
      if (o.json) return printJson(views);
      for (const v of views) {
        const last = v.lastRun ? `${v.lastRun} (${v.lastResult!.status})` : '-';
        console.log(
          `${v.scheduleId.padEnd(36)} ${v.paused ? 'PAUSED ' : 'active '} next=${v.nextRun ?? '-'} last=${last}${v.note ? `  note="${v.note}"` : ''}`,
        );
      }
      if (views.length === 0) console.log('No EchoPilot schedules; run `echopilot schedules sync`.');
    }),
  sync: () =>
    withClient(async (client, config) => {
      const r = await syncSchedules(client, scheduleDefinitions(config), config.temporal.taskQueue);
      console.log(
        `created: ${r.created.join(', ') || '-'}\nupdated: ${r.updated.join(', ') || '-'}\ndeleted: ${r.deleted.join(', ') || '-'}`,
      );
    }),
  pause: (id: string, note?: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveScheduleId(id)).pause(note ?? 'paused from echopilot CLI');
      console.log(`paused ${resolveScheduleId(id)}`);
    }),
  unpause: (id: string, note?: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveScheduleId(id)).unpause(note ?? 'unpaused from echopilot CLI');
      console.log(`unpaused ${resolveScheduleId(id)}`);
    }),
  trigger: (id: string) =>
    withClient(async (client) => {
      await client.schedule.getHandle(resolveScheduleId(id)).trigger();
      console.log(`triggered ${resolveScheduleId(id)}`);
    }),
  describe: (id: string) =>
    withClient(async (client) => {
      const v = await describeOwned(client, id);
      const lines: [string, unknown][] = [
        ['schedule', v.scheduleId],
        ['description', v.description],
        ['state', v.paused ? `PAUSED${v.note ? ` (${v.note})` : ''}` : `active${v.note ? ` (${v.note})` : ''}`],
        ['spec', v.spec],
        ['workflow', `${v.workflowType}(${v.args.map((a) => JSON.stringify(a)).join(', ')})`],
        ['overlap', v.overlap],
        ['catch-up window', `${v.catchupWindowSeconds} s`],
        ['actions taken', v.actionsTaken],
        ['running', v.runningWorkflows.join(', ') || '-'],
        ['next runs', v.nextRuns.join(', ') || '-'],
      ];
      for (const [k, val] of lines) console.log(`${k.padEnd(16)} ${String(val)}`);
      for (const r of v.recentRuns) console.log(`${'recent run'.padEnd(16)} ${r.takenAt} ${r.workflowId}`);
    }),
  backfill: (id: string, o: { from: string; to: string; overlap: string }) =>
    withClient(async (client) => {
      const parsed = backfillOptions.safeParse(o);
      if (!parsed.success)
        throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
      const opts = parsed.data;
      const v = await backfillSchedule(client, id, opts.from, opts.to, opts.overlap);
      console.log(
        `backfilled ${v.scheduleId} from ${opts.from.toISOString()} to ${opts.to.toISOString()} (overlap ${opts.overlap})`,
      );
    }),
  stop: (o: { reason?: string }) =>
    withClient(async (client, config) => {
      const r = await stopScheduler(client, definedScheduleIds(config), o.reason ?? 'stopped from echopilot CLI');
      console.log(
        `paused: ${r.paused.join(', ') || '-'}\nalready paused (left as they are): ${r.alreadyPaused.join(', ') || '-'}`,
      );
    }),
  start: () =>
    withClient(async (client, config) => {
      const r = await startScheduler(client, definedScheduleIds(config), 'started from echopilot CLI');
      console.log(
        `resumed: ${r.resumed.join(', ') || '-'}\nkept paused (paused individually): ${r.keptPaused.join(', ') || '-'}`,
      );
    }),
};

const OVERLAPS = {
  skip: ScheduleOverlapPolicy.SKIP,
  'buffer-one': ScheduleOverlapPolicy.BUFFER_ONE,
  'allow-all': ScheduleOverlapPolicy.ALLOW_ALL,
} as const;

/** CLI input is validated like any other: bad dates name the option. */
const backfillOptions = z
  .object({
    from: z.coerce.date({ error: 'expected an ISO date-time, e.g. 2025-01-31T00:00:00Z' }),
    to: z.coerce.date({ error: 'expected an ISO date-time' }),
    overlap: z.enum(Object.keys(OVERLAPS) as [keyof typeof OVERLAPS]).transform((k) => OVERLAPS[k]),
  })
  .refine((o) => o.from < o.to, { message: 'must be before --to', path: ['from'] });

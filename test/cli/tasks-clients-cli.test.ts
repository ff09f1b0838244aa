import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../api/server';
import { SCHEDULE_ID_PREFIX, SCHEDULE_OWNER_MEMO } from '../../schedules/schedule-definition';
import { listOwnedSchedules } from '../../schedules/sync-schedules';
import { heldReply, routeGenerate } from '../fakes/openai-fake';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { runCli } from '../support/run-cli';
import { temporalAddress } from '../support/temporal';
import { TEST_DASH_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { createClient } from '../support/clients';

/** Each CLI run is a fresh Node process (several seconds on a loaded machine); a test makes a handful. */
const SLOW = 300_000;

describe('echopilot tasks / clients (the CLI against a real platform over HTTP)', () => {
  let h: PipelineHarness;
  let server: RunningServer;
  let env: Record<string, string>;
  let route: ReturnType<typeof routeGenerate>;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    h = await startPipeline();
    await createClient(h.p.app, { clientId: 'cli-client', name: 'CLI client', email: 'ops@cli.example' });
    route = routeGenerate(h.llm);
    server = await listen(h.p.app, 0, '127.0.0.1');
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DASHBOARD_KEY: TEST_DASH_KEY,
      ECHOPILOT_API_URL: server.url,
      TEMPORAL_ADDRESS: temporalAddress(),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'echopilot-cli-')),
    };
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it(
    'submit --wait follows the task to done with a progress line, then list and show find it',
    async () => {
      const run = await cli(
        'tasks',
        'submit',
        '--title',
        'CLI task',
        '--prompt',
        'Write a haiku',
        '--client',
        'cli-client',
        '--wait',
      );
      expect(run.code, run.stderr).toBe(0);
      const taskId = /submitted (\S+)/.exec(run.stdout)?.[1];
      expect(taskId).toBeTruthy();
      expect(run.stderr).toMatch(new RegExp(`waiting for ${taskId}: (queued|running)`));
      expect(run.stderr).toContain(`waiting for ${taskId}: done`);
      expect(run.stdout).toMatch(/status\s+done/);

      const list = await cli('tasks', 'list', '--client', 'cli-client', '--json');
      expect(list.code, list.stderr).toBe(0);
      const items = JSON.parse(list.stdout) as { taskId: string; status: string }[];
      expect(items).toEqual([expect.objectContaining({ taskId, status: 'done' })]);

      const table = await cli('tasks', 'list', '--client', 'cli-client');
      expect(table.stdout.split('\n')[0]).toMatch(/^TASK\s+STATUS\s+QA\s+COST USD\s+CREATED\s+TITLE$/);
      expect(table.stdout).toContain(taskId);

      const shown = await cli('tasks', 'show', taskId!);
      expect(shown.stdout).toMatch(new RegExp(`task\\s+${taskId}`));
      expect(shown.stdout).toMatch(/qa score\s+\d+/);
      expect(shown.stdout).toMatch(/client\s+cli-client/);
    },
    SLOW,
  );

  it(
    'bad input is refused with the field named and a non-zero exit; unknown tasks say so',
    async () => {
      const bad = await cli('tasks', 'submit', '--title', 'x', '--prompt', 'y', '--type', 'video');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('validation_failed');
      expect(bad.stderr).toContain('type');
      const missing = await cli('tasks', 'show', 'no-such-task');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('404 not_found');
      expect(missing.stderr).not.toContain(TEST_DASH_KEY);
    },
    SLOW,
  );

  it(
    'cancel stops a task in flight',
    async () => {
      const held = heldReply();
      route.once.set('CANCEL-ME', held.reply);
      const submitted = await cli('tasks', 'submit', '--title', 'Long one', '--prompt', 'CANCEL-ME please', '--json');
      const { taskId } = JSON.parse(submitted.stdout) as { taskId: string };
      await waitFor('the generate call', async () => (await h.getTask(taskId)).status === 'running');
      const cancel = await cli('tasks', 'cancel', taskId);
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(cancel.stdout.trim()).toBe(`cancelling ${taskId}`);
      await waitFor('cancelled', async () => (await h.getTask(taskId)).status === 'cancelled');
      held.release();
      const again = await cli('tasks', 'cancel', taskId);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already finished');
    },
    SLOW,
  );

  it(
    'clients list and show, emails masked',
    async () => {
      const clients = h.p.appDeps.payments.clients;
      await clients.insert({ id: 'cli_acme', email: 'Jane@Acme.example', name: 'Acme', rateCentsPerMin: 150 });
      await h.submit({ title: 'For Acme', prompt: 'p', clientId: 'cli_acme' });
      const list = await cli('clients', 'list', '--json');
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toContainEqual(
        expect.objectContaining({ clientId: 'cli_acme', name: 'Acme', email: 'j***@acme.example' }),
      );
      expect(list.stdout).not.toContain('jane@');
      const show = await cli('clients', 'show', 'cli_acme');
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toMatch(/client\s+cli_acme/);
      expect(show.stdout).toContain('For Acme');
      expect((await cli('clients', 'show', 'cli_nobody')).stderr).toContain('404 not_found');
    },
    SLOW,
  );

  it(
    'clients create and update: money in USD, the email masked in what is printed',
    async () => {
      const made = await cli(
        'clients',
        'create',
        'Initech',
        'Peter@Initech.example',
        '--id',
        'initech',
        '--price-per-task',
        '12.5',
      );
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout.trim()).toBe('created initech (p***@initech.example)');
      const upd = await cli('clients', 'update', 'initech', '--budget', '40', '--notify-on-done', 'yes', '--json');
      expect(upd.code, upd.stderr).toBe(0);
      expect(JSON.parse(upd.stdout)).toMatchObject({
        clientId: 'initech',
        pricePerTaskCents: 1250,
        budgetMicroUsdPerMonth: 40_000_000,
        notifyOnDone: true,
      });
      expect(upd.stdout).not.toContain('peter@');
      const bad = await cli('clients', 'update', 'initech', '--rate', 'lots');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('ratePerMinuteUsd');
    },
    SLOW,
  );

  it(
    'schedules list prints the platform schedules (JSON too) with how the last run ended',
    async () => {
      const scheduleId = `${SCHEDULE_ID_PREFIX}cli-json-${randomUUID().slice(0, 8)}`;
      await h.p.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '1 day' }] },
        action: {
          type: 'startWorkflow',
          workflowType: 'healthProbe',
          args: [{ source: 'x' }],
          taskQueue: h.p.taskQueue,
        },
        state: { paused: true, note: 'cli test' },
        memo: { ...SCHEDULE_OWNER_MEMO },
      });
      try {
        await waitFor('the schedule in the list', async () =>
          (await listOwnedSchedules(h.p.client)).some((s) => s.scheduleId === scheduleId),
        );
        const run = await cli('schedules', 'list', '--json');
        expect(run.code, run.stderr).toBe(0);
        const rows = JSON.parse(run.stdout) as { scheduleId: string }[];
        expect(rows).toContainEqual({
          scheduleId,
          paused: true,
          note: 'cli test',
          nextRun: expect.any(String) as string,
          lastRun: null,
          lastResult: null,
        });

        // Once it has run, the list says when and how that run ended.
        await h.p.client.schedule.getHandle(scheduleId).trigger();
        const action = await waitFor(
          'the triggered run',
          async () => (await h.p.client.schedule.getHandle(scheduleId).describe()).info.recentActions[0],
        );
        await h.p.client.workflow.getHandle(action.action.workflow.workflowId).result();
        const after = await cli('schedules', 'list');
        expect(after.code, after.stderr).toBe(0);
        expect(after.stdout).toContain(`last=${action.takenAt.toISOString()} (completed)`);
      } finally {
        await h.p.client.schedule.getHandle(scheduleId).delete();
      }
    },
    SLOW,
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../infra/db/open-database';
import { createTaskLedger } from '../../infra/db/repositories/task-ledger';
import { openTestDatabase } from '../support/test-database';

describe('job ledger statements (one statement per step, prepared)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('adds a step to the job totals once, however often the step is recorded', async () => {
    const jobs = createTaskLedger(database.db);
    await jobs.create({ taskId: 't-ledger', workflowId: 'task-t-ledger', source: 'api', title: 'T', prompt: 'P' });
    const step = {
      taskId: 't-ledger',
      run: 0,
      attempt: 1,
      step: 'generate',
      model: 'gpt-4o',
      inputTokens: 100,
      outputTokens: 50,
      costMicroUsd: 750,
      output: 'answer',
    };
    expect(await jobs.recordStep(step)).toBe(true);
    expect(await jobs.recordStep({ ...step, output: 'a retry that must not count' })).toBe(false);
    expect(
      await jobs.recordStep({
        ...step,
        step: 'qa',
        inputTokens: 10,
        outputTokens: 5,
        costMicroUsd: 25,
        qaScore: 90,
        feedback: 'ok',
      }),
    ).toBe(true);
    expect(
      await jobs.recordStep({
        ...step,
        step: 'notion:page',
        model: 'notion',
        inputTokens: 0,
        outputTokens: 0,
        costMicroUsd: 0,
      }),
    ).toBe(true);

    const row = await jobs.get('t-ledger');
    expect({ input: row?.inputTokens, output: row?.outputTokens, cost: row?.costMicroUsd }).toEqual({
      input: 110,
      output: 55,
      cost: 775,
    });
    expect((await jobs.getStep({ taskId: 't-ledger', run: 0, attempt: 1, step: 'generate' }))?.output).toBe('answer');

    const finished = await jobs.finish('t-ledger', 0, {
      status: 'done',
      result: 'answer',
      qaScore: 90,
      model: 'gpt-4o',
      attempts: 1,
    });
    expect({ status: finished?.status, input: finished?.inputTokens, cost: finished?.costMicroUsd }).toEqual({
      status: 'done',
      input: 110,
      cost: 775,
    });
  });

  it('marks only the current run running, and a finish without a model keeps the one recorded', async () => {
    const jobs = createTaskLedger(database.db);
    await jobs.create({ taskId: 't-run', workflowId: 'task-t-run', source: 'api', title: 'T', prompt: 'P' });
    expect(await jobs.markRunning('t-run', 1, 'build-x')).toBeUndefined(); // a stale or future run writes nothing
    const running = await jobs.markRunning('t-run', 0, 'build-x');
    expect({ status: running?.status, buildId: running?.buildId, started: running?.startedAt instanceof Date }).toEqual(
      { status: 'running', buildId: 'build-x', started: true },
    );
    expect(
      await jobs.finish('t-run', 0, { status: 'done', result: 'r', qaScore: 85, model: 'gpt-4o', attempts: 2 }),
    ).toMatchObject({ model: 'gpt-4o', attempts: 2, qaScore: 85 });
    const failed = await jobs.finish('t-run', 0, {
      status: 'failed',
      failureType: 'llm_rejected',
      failureReason: 'no',
    });
    expect(failed).toMatchObject({
      status: 'failed',
      model: 'gpt-4o',
      attempts: 2,
      qaScore: null,
      result: null,
      failureType: 'llm_rejected',
      failureReason: 'no',
    });
    expect(await jobs.finish('t-run', 3, { status: 'done' })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { runCrashScenario } from '../../bench/chaos/crash-scenario';
import { runTemporalKillScenario } from '../../bench/chaos/temporal-kill-scenario';
import { runEmbeddedTemporalKillScenario } from '../../bench/chaos/embedded-temporal-kill-scenario';

/**
 * The short, fixed-random-start versions of `npm run chaos`'s tree-kill, temporal-kill and embedded-temporal-kill scenarios
 * (README "Reliability"): the real `npm start` as a child process, the same checks, fewer tasks and faults.
 */
describe('reliability: power cut and Temporal server crash (short version of npm run chaos)', () => {
  it("npm start's whole process tree SIGKILLed mid-task, started again: every task done once, one Job Log row each", async () => {
    const { row, problems } = await runCrashScenario({
      tasks: 2,
      kills: 1,
      randomStart: 17,
      llmDelayMs: 1500,
      target: 'tree',
    });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 2, faults: 1, finished: 2, lost: 0, duplicated: 0 });
    expect(row.recoverMs).toHaveLength(1);
  }, 300_000);

  it('external Temporal server SIGKILLed mid-task and restarted on its file: API answers 503 meanwhile, nothing lost or doubled', async () => {
    const { row, problems } = await runTemporalKillScenario({
      tasks: 2,
      kills: 1,
      downMs: 5_000,
      randomStart: 17,
      llmDelayMs: 1500,
    });
    expect(problems).toEqual([]);
    // The two tasks plus the one refused with 503 during the outage and sent again after it.
    expect(row).toMatchObject({ tasks: 3, faults: 1, finished: 3, lost: 0, duplicated: 0 });
    expect(row.recoverMs).toHaveLength(1);
  }, 300_000);

  it("npm start's own Temporal server SIGKILLed mid-task: started again by the platform, nothing lost or doubled", async () => {
    const { row, problems } = await runEmbeddedTemporalKillScenario({
      tasks: 2,
      kills: 1,
      randomStart: 17,
      llmDelayMs: 1500,
    });
    expect(problems).toEqual([]);
    // The two tasks plus the one sent (again, until accepted) right after the kill.
    expect(row).toMatchObject({ tasks: 3, faults: 1, finished: 3, lost: 0, duplicated: 0 });
    expect(row.recoverMs).toHaveLength(1);
  }, 300_000);
});

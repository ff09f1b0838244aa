import { describe, expect, it } from 'vitest';
import { runCrashScenario } from '../../bench/chaos/crash-scenario';
import { runIntakeScenario } from '../../bench/chaos/intake-scenario';

/**
 * The short, fixed-random-start version of `npm run chaos` (README "Reliability"): the real `npm start`
 * as a child process, the same checks, fewer tasks and faults. Timings are only printed by the suite.
 */
describe('reliability (short version of npm run chaos)', () => {
  it('npm start SIGKILLed twice mid-task, restarted with the same command: every task done once, books exact', async () => {
    const { row, problems } = await runCrashScenario({ tasks: 3, kills: 2, randomStart: 17, llmDelayMs: 1500 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 3, faults: 2, finished: 3, lost: 0, duplicated: 0 });
    expect(row.recoverMs).toHaveLength(2);
  }, 480_000);

  it('one idempotency key sent 10× in parallel for each of 20 tasks: one task and one run each', async () => {
    const { row, problems } = await runIntakeScenario({ tasks: 20, copies: 10 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 20, faults: 180, finished: 20, lost: 0, duplicated: 0 });
  }, 300_000);
});

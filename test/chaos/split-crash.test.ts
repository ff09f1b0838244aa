import { describe, expect, it } from 'vitest';
import { runSplitCrashScenario } from '../../bench/chaos/split-crash-scenario';

/**
 * The short version of `npm run chaos`'s split-crash scenario (README "Reliability"): `echopilot worker` ×2
 * + `echopilot api` over a real PostgreSQL server (which must be installed, as for scripts/test-postgres.sh),
 * one worker SIGKILLed mid-task and started again with the same command.
 */
describe('reliability: a worker process killed in the split set-up (short version of npm run chaos)', () => {
  it('one of two workers SIGKILLed mid-task and restarted: every task done once, books exact', async () => {
    const { row, problems } = await runSplitCrashScenario({ tasks: 4, kills: 1, randomStart: 17, llmDelayMs: 1500 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 4, faults: 1, finished: 4, lost: 0, duplicated: 0 });
    expect(row.recoverMs).toHaveLength(1);
  }, 600_000);
});

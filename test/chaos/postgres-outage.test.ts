import { describe, expect, it } from 'vitest';
import { runPostgresOutage } from '../../bench/chaos/postgres-outage-scenario';

/**
 * The short version of `npm run chaos`'s PostgreSQL outage (README "Reliability"): the split set-up
 * (`echopilot worker` ×2 + `echopilot api` over a real PostgreSQL server, which must be installed, as for
 * scripts/test-postgres.sh), 4 tasks in flight and PostgreSQL stopped for 12 s instead of 20.
 */
describe('reliability: PostgreSQL outage in the split set-up (short version of npm run chaos)', () => {
  it('PostgreSQL stopped under load: the API answers 503 meanwhile, every task finishes once, books exact', async () => {
    const { row, problems } = await runPostgresOutage({ tasks: 4, windowMs: 12_000, llmDelayMs: 1500 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ faults: 1, lost: 0, duplicated: 0 });
    expect(row.finished).toBe(row.tasks);
    expect(row.tasks).toBeGreaterThan(4);
  }, 600_000);
});

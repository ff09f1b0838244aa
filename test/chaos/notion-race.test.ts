import { describe, expect, it } from 'vitest';
import { runNotionRace } from '../../bench/chaos/notion-race-scenario';

/** The short version of `npm run chaos`'s Notion intake race (README "Reliability"): 20 rows instead of 100. */
describe('Notion intake race (short version of npm run chaos)', () => {
  it('the poll and 3 webhooks per row racing over 20 new rows: one task and one run per row', async () => {
    const { row, problems } = await runNotionRace({ rows: 20, webhooksPerRow: 3, pollTriggers: 4 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 20, faults: 64, finished: 20, lost: 0, duplicated: 0 });
  }, 480_000);
});

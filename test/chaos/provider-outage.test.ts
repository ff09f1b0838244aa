import { describe, expect, it } from 'vitest';
import { runOutageScenario } from '../../bench/chaos/outage-scenario';

/**
 * The short version of `npm run chaos`'s outage scenario (README "Reliability"): the real `npm start` as a
 * child process, the LLM answering 503 with the mail server down, then Notion 429/502 and Stripe 503.
 */
describe('reliability: provider outages (short version of npm run chaos)', () => {
  it('LLM, SMTP, Notion and Stripe down in turn: every task and invoice finishes once, the outage mailed once', async () => {
    // 12 s: the mail server is back at 6 s, before the LLM's retry backoff (1, 2, 4, 8 s) makes its next call.
    const { row, problems } = await runOutageScenario({ tasks: 3, invoices: 2, windowMs: 12_000 });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 5, faults: 4, finished: 5, lost: 0, duplicated: 0 });
  }, 480_000);
});

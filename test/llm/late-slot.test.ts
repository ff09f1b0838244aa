import { afterEach, describe, expect, it } from 'vitest';
import { enforceRateLimit } from '../fakes/rate-limited-llm';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';

const PER_SECOND = 5;
const STALL_MS = 1_500;

/** Blocks this process's event loop, as a busy worker process does (the API taking a batch, a long query). */
function stallEventLoop(ms: number): number {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: no timer, no socket is served meanwhile
  }
  return Date.now();
}

describe('LLM gate after a stalled worker process (real dev server, real openai SDK, rate-limited stand-in)', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it(
    'calls whose slots passed during a stall take new slots instead of going out together',
    { timeout: 180_000 },
    async () => {
      // One model for both steps: one pacer row, one window at the stand-in.
      h = await startPipeline({ LLM_RPM: String(PER_SECOND * 60), LLM_MODEL: 'gpt-4o', QA_MODEL: 'gpt-4o' });
      const limit = enforceRateLimit(h.llm, { perSecond: PER_SECOND });
      const tasks = await Promise.all(
        Array.from({ length: 15 }, (_, i) => h!.submit({ title: `Batch ${i}`, prompt: `Item ${i} of the batch.` })),
      );
      // A backlog is paced (each call asleep until its booked slot, up to a second ahead): stall then.
      await waitFor('the first paced calls', () => limit.log.length >= 4, 60_000);
      const stallEnd = stallEventLoop(STALL_MS);
      const results = await Promise.all(tasks.map((t) => h!.handle(t.taskId).result()));
      expect(results.every((r) => r.status === 'done')).toBe(true);
      // Every slot booked for the stalled second had passed when the process woke up. Sent then, those calls
      // would reach the provider together on top of the calls booked after them; re-booked, the second after
      // the stall holds no more than the limit.
      const after = limit.log.filter((c) => c.at >= stallEnd && c.at < stallEnd + 1_000);
      expect(after.length).toBeGreaterThan(0);
      expect(after.length).toBeLessThanOrEqual(PER_SECOND);
    },
  );
});

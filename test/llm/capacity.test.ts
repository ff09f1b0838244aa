import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../api/server';
import { llmPacer } from '../../infra/db/schema';
import type { ModelCapacity } from '../../infra/llm/llm-capacity';
import { enforceRateLimit } from '../fakes/rate-limited-llm';
import { ADMIN, startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { runCli } from '../support/run-cli';
import { temporalAddress } from '../support/temporal';
import { TEST_DASH_KEY } from '../support/test-config';

type Capacity = { pacing: boolean; models: ModelCapacity[] };

describe('LLM capacity view (GET /api/llm/capacity, metrics, echopilot llm capacity)', () => {
  let h: PipelineHarness | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await h?.close();
    h = server = undefined;
  });

  it(
    'shows per model the configured and learned limits, the rate and the 429s the stand-in counted',
    { timeout: 300_000 },
    async () => {
      h = await startPipeline({ LLM_RATE_LIMITS: '{"gpt-4o":{"rpm":1200,"tpm":90000}}', LLM_RPM: '300' });
      // The stand-in states 600 rpm but lets only 2/s through: paced at the stated limit, some calls get 429.
      const limit = enforceRateLimit(h.llm, { perSecond: 2, advertisedRpm: () => 600 });
      const tasks = await Promise.all(
        Array.from({ length: 8 }, (_, i) => h!.submit({ title: `Item ${i}`, prompt: `Work item ${i}.` })),
      );
      await Promise.all(tasks.map((t) => h!.handle(t.taskId).result()));

      expect((await h.p.app.request('/api/llm/capacity')).status).toBe(401);
      const res = await h.p.app.request('/api/llm/capacity', { headers: ADMIN });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Capacity;
      expect(body.pacing).toBe(true);
      const gpt4o = body.models.find((m) => m.model === 'gpt-4o')!;
      expect(gpt4o.configured).toEqual({ rpm: 1200, tpm: 90000 });
      // Learned from x-ratelimit-limit-requests, lower than configured: the effective limit.
      expect(gpt4o.learned.rpm).toBe(600);
      expect(gpt4o.effective).toEqual({ rpm: 600, tpm: 90000 });
      // Paced at 97% of it, lowered by what the 429s taught (the stored rate scale, below 1 after any 429).
      const [pacer] = await h.p.database.db.select().from(llmPacer).where(eq(llmPacer.model, 'gpt-4o'));
      expect(gpt4o.pacedAt.rpm).toBe(Math.floor(600 * 0.97 * pacer!.rateScale));
      // The QA model has no entry: LLM_RPM.
      expect(body.models.find((m) => m.model === 'gpt-4o-mini')!.configured.rpm).toBe(300);
      const arrived = limit.log.filter((c) => c.model === 'gpt-4o');
      // Each task's answer and each 429 went through the gate (the stand-in also counts calls made
      // outside it, such as the harness's health probe).
      const limited = arrived.filter((c) => c.limited).length;
      if (limited > 0) expect(pacer!.rateScale).toBeLessThan(1);
      expect(gpt4o.lastHour.rateLimited).toBe(limited);
      expect(gpt4o.lastHour.calls).toBeGreaterThanOrEqual(tasks.length + limited);
      expect(gpt4o.lastHour.calls).toBeLessThanOrEqual(arrived.length);
      expect(gpt4o.current.requestsPerMinute).toBeGreaterThan(0);
      expect(gpt4o.current.tokensPerMinute).toBeGreaterThan(0);

      const metrics = await h.p.appDeps.metrics.registry.metrics();
      expect(metrics).toContain('echopilot_llm_limit_requests_per_second{model="gpt-4o",source="configured"} 20');
      expect(metrics).toContain('echopilot_llm_limit_requests_per_second{model="gpt-4o",source="learned"} 10');
      expect(metrics).toContain(`echopilot_llm_rate_limited_last_hour{model="gpt-4o"} ${gpt4o.lastHour.rateLimited}`);

      server = await listen(h.p.app, 0, '127.0.0.1');
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DASHBOARD_KEY: TEST_DASH_KEY,
        ECHOPILOT_API_URL: server.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'echopilot-cli-')),
      };
      const json = await runCli(['llm', 'capacity', '--json'], env);
      expect(json.code).toBe(0);
      const cliModel = (JSON.parse(json.stdout) as Capacity).models.find((m) => m.model === 'gpt-4o')!;
      expect(cliModel.learned.rpm).toBe(600);
      expect(cliModel.lastHour.rateLimited).toBe(gpt4o.lastHour.rateLimited);
      const table = await runCli(['llm', 'capacity'], env);
      expect(table.stdout).toMatch(/gpt-4o\s+1200 rpm \/ 90000 tpm\s+600 rpm \/ – tpm\s+600 rpm \/ 90000 tpm/);
    },
  );
});

/**
 * `npm run bench`: N tasks through the real pipeline (API → processTask → ledger) with a zero-latency
 * fake LLM on the embedded Temporal dev server (SQLite, WAL) and embedded PGlite, against a bare
 * workflow with the same number of activities. Prints submit→start latency, throughput and RSS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, NativeConnection, DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { composeServices } from '../cli/compose';
import { loadConfig } from '../infra/config/load-config';
import { openDatabase } from '../infra/db/open-database';
import { createLogger } from '../infra/logger';
import { connectClient } from '../infra/temporal/connect';
import { startDevServer } from '../infra/temporal/dev-server';
import { findTemporalCli } from '../infra/temporal/temporal-cli';
import { startOpenAiFake } from '../test/fakes/openai-fake';

const N = Number(process.env.BENCH_TASKS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 500);
const KEY = 'bench-dashboard-key-0123456789';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const cli = findTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH ?? '');
  if (!cli) throw new Error('Temporal CLI not found: run bash scripts/ensure-temporal.sh');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-bench-'));
  execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'bundle.ts'), dir], { stdio: 'inherit' });
  const port = 17233 + Math.floor(Math.random() * 1000);
  const server = await startDevServer({ cliPath: cli, dataDir: dir, port, uiPort: port + 1000, namespace: 'default' });
  const llm = await startOpenAiFake();
  llm.defaults.generate = () => ({ content: 'ok', usage: { prompt_tokens: 10, completion_tokens: 10 } });
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DASHBOARD_KEY: KEY, DATA_DIR: dir, TEMPORAL_ADDRESS: server.address,
    AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-bench-000000', AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl, TEMPORAL_TASK_QUEUE: 'bench-pipeline',
  });
  const database = await openDatabase({ kind: 'pglite', dir: path.join(dir, 'pglite') });
  const temporal = await connectClient({ address: server.address, namespace: 'default' });
  const logger = createLogger({ level: 'silent', secrets: [] });
  const { activities, appDeps } = composeServices({ config, logger, database, temporal, buildId: 'bench' });

  // Submit → workflow start: from the POST to the moment the first activity (loadTask) runs.
  const startedAt = new Map<string, number>();
  const loadTask = activities.loadTask;
  activities.loadTask = async (input) => {
    startedAt.set(input.taskId, performance.now());
    return loadTask(input);
  };
  const app = createApp(appDeps);
  const connection = await NativeConnection.connect({ address: server.address });
  const tuning = {
    maxConcurrentActivityTaskExecutions: Number(process.env.BENCH_ACTIVITY_SLOTS ?? 600),
    maxConcurrentWorkflowTaskExecutions: Number(process.env.BENCH_WORKFLOW_SLOTS ?? 100),
    maxCachedWorkflows: Number(process.env.BENCH_CACHED_WORKFLOWS ?? 600),
  };
  // Prebuilt bundles, as in production (`npm run build`), so RSS is the worker's and not webpack's.
  const worker = await Worker.create({ connection, taskQueue: 'bench-pipeline', activities, workflowBundle: { codePath: path.join(dir, 'pipeline.js') }, ...tuning });
  const baseline = await Worker.create({
    connection, taskQueue: 'bench-baseline', workflowBundle: { codePath: path.join(dir, 'baseline.js') },
    activities: { noop: async (i: number) => i }, ...tuning,
  });
  const running = Promise.all([worker.run(), baseline.run()]);

  const submit = async (i: number, tag: string) => {
    const t0 = performance.now();
    const res = await app.request('/api/tasks', { method: 'POST', headers: { 'X-Dash-Key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ title: `${tag} ${i}`, prompt: 'Say ok.' }) });
    if (res.status !== 202) throw new Error(`submit ${res.status}: ${await res.text()}`);
    const { taskId } = (await res.json()) as { taskId: string };
    return { taskId, t0, apiMs: performance.now() - t0 };
  };

  // Warm-up: bundle caches, JIT, first SQLite pages.
  await Promise.all(Array.from({ length: 20 }, async (_, i) => temporal.workflow.getHandle(`task-${(await submit(i, 'warm')).taskId}`).result()));
  await Promise.all(Array.from({ length: 20 }, (_, i) => temporal.workflow.execute('baselineWorkflow', { workflowId: `warm-${i}`, taskQueue: 'bench-baseline', args: [4] })));

  const rssIdle = process.memoryUsage().rss;
  // 0) Submit → start on an idle platform: one task at a time, as a user clicking "submit".
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = await submit(i, 'idle');
    await temporal.workflow.getHandle(`task-${s.taskId}`).result();
    idle.push(startedAt.get(s.taskId)! - s.t0);
  }

  // 1) Pipeline: N tasks submitted at once (10 concurrent submitters), to completion.
  const t1 = performance.now();
  const subs: { taskId: string; t0: number; apiMs: number }[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => { while (next < N) subs.push(await submit(next++, 'bench')); }));
  await Promise.all(subs.map((s) => temporal.workflow.getHandle(`task-${s.taskId}`).result()));
  const pipelineSec = (performance.now() - t1) / 1000;
  const startLat = subs.map((s) => startedAt.get(s.taskId)! - s.t0);
  const apiLat = subs.map((s) => s.apiMs);

  // 2) Baseline: N bare workflows with the same 4 activities (load, generate, QA, finish).
  const t2 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => temporal.workflow.execute('baselineWorkflow', { workflowId: `base-${i}`, taskQueue: 'bench-baseline', args: [4] })));
  const baselineSec = (performance.now() - t2) / 1000;

  // 3) RSS with IN_FLIGHT tasks in flight: every generation held open until all have arrived.
  let arrived = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  llm.defaults.generate = () => {
    arrived++;
    return { content: 'ok', usage: { prompt_tokens: 10, completion_tokens: 10 }, delayMs: 1 };
  };
  const holder = setInterval(() => { if (arrived >= IN_FLIGHT) release(); }, 50);
  const origGenerate = activities.generateAnswer;
  activities.generateAnswer = async (input) => { await gate; return origGenerate(input); };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const inflight: string[] = [];
  next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => { while (next < IN_FLIGHT) inflight.push((await submit(next++, 'rss')).taskId); }));
  // Wait until every task is inside generateAnswer (all 500 workflows open at once), then sample.
  while (startedAt.size < 70 + N + IN_FLIGHT) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  const rssInFlight = process.memoryUsage().rss;
  release();
  arrived = IN_FLIGHT;
  await Promise.all(inflight.map((id) => temporal.workflow.getHandle(`task-${id}`).result()));
  clearInterval(sampler);
  clearInterval(holder);

  const ratio = (N / pipelineSec) / (N / baselineSec);
  const lines = [
    `EchoPilot pipeline benchmark — ${N} tasks, zero-latency fake LLM, embedded Temporal (SQLite WAL) + PGlite, one process, ${os.cpus().length} cores`,
    `submit→workflow-start, one at a time (POST → loadTask running): p50 ${ms(pct(idle, 50))}  p95 ${ms(pct(idle, 95))}   (target p95 ≤ 50 ms)`,
    `submit→workflow-start during the ${N}-task burst:                p50 ${ms(pct(startLat, 50))}  p95 ${ms(pct(startLat, 95))}`,
    `POST /api/tasks response time:                 p50 ${ms(pct(apiLat, 50))}  p95 ${ms(pct(apiLat, 95))}`,
    `pipeline throughput: ${(N / pipelineSec).toFixed(1)} tasks/s   baseline (4 empty activities): ${(N / baselineSec).toFixed(1)} workflows/s   ratio ${ratio.toFixed(2)}   (target ≥ 0.80)`,
    `RSS with ${IN_FLIGHT} tasks in flight: ${mb(rssInFlight)} (peak ${mb(peak)}; idle after start ${mb(rssIdle)}; worker + API + PGlite in one process)   (target ≤ 400 MB)`,
  ];
  console.log(lines.join('\n'));

  worker.shutdown();
  baseline.shutdown();
  await running;
  await connection.close();
  await temporal.connection.close();
  await database.close();
  await llm.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

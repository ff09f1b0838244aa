import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startOpenAiFake, type FakeReply, type OpenAiFake } from '../../test/fakes/openai-fake';
import { freePort } from '../../test/support/free-port';
import { executionsOf } from '../../test/support/workflow-runs';

export const CHAOS_KEY = 'chaos-dashboard-key-0123456789abc';
export const CHAOS_HEADERS = { 'X-Dash-Key': CHAOS_KEY, 'Content-Type': 'application/json' };

/** What a scenario runs `npm start` with: its own data folder, ports and OpenAI stand-in. */
export interface ChaosSetup {
  env: Record<string, string>;
  api: string;
  devPort: number;
  dataDir: string;
  llm: OpenAiFake;
  close(): Promise<void>;
}

/** A fresh data folder and ports, and the OpenAI fake answering every call after `llmDelayMs`. */
export async function prepareChaos(llmDelayMs: number): Promise<ChaosSetup> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'echopilot-chaos-'));
  const llm = await startOpenAiFake();
  const slow = (r: FakeReply): FakeReply => ({ ...r, delayMs: llmDelayMs });
  const [generate, qa] = [llm.defaults.generate, llm.defaults.qa];
  llm.defaults.generate = (c, n) => slow(generate(c, n));
  llm.defaults.qa = (c, n) => slow(qa(c, n));
  const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const [port, devPort, uiPort, metricsPort, appMetricsPort] = ports.map(String) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const env = {
    DATA_DIR: dataDir,
    PORT: port,
    HOST: '127.0.0.1',
    TEMPORAL_DEV_PORT: devPort,
    TEMPORAL_UI_PORT: uiPort,
    METRICS_PORT: metricsPort,
    APP_METRICS_PORT: appMetricsPort,
    DASHBOARD_KEY: CHAOS_KEY,
    LOG_LEVEL: 'warn',
    AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
    AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-chaos-fake-key-123456',
    // A killed worker's LLM call is retried elsewhere once its heartbeat is missed: the shortest allowed.
    LLM_HEARTBEAT_SECONDS: '2',
  };
  return {
    env,
    api: `http://127.0.0.1:${port}`,
    devPort: Number(devPort),
    dataDir,
    llm,
    async close() {
      await llm.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The body a task is submitted with (title, prompt, idempotency key) and what the API answered. */
export async function postTask(
  api: string,
  task: { title: string; prompt: string; idempotencyKey: string },
): Promise<{ status: number; body: { taskId?: string; workflowId?: string } }> {
  const res = await fetch(`${api}/api/tasks`, { method: 'POST', headers: CHAOS_HEADERS, body: JSON.stringify(task) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { taskId?: string; workflowId?: string } };
}

/** Submits tasks `from`…`to - 1` (title, prompt and idempotency key numbered) all at once; each must answer 202. */
export async function submitTasks(
  api: string,
  from: number,
  to: number,
): Promise<{ taskId: string; workflowId: string }[]> {
  return Promise.all(
    Array.from({ length: to - from }, async (_, j) => {
      const n = from + j;
      const r = await postTask(api, { title: `Chaos ${n}`, prompt: `Write note ${n}.`, idempotencyKey: `chaos-${n}` });
      if (r.status !== 202) throw new Error(`submit ${n}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { taskId: string; workflowId: string };
    }),
  );
}

/** Polls the API until no task is queued or running (or the time is up); returns how many are done. */
export async function waitForTasks(api: string, taskIds: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let done = 0;
  while (Date.now() < deadline) {
    const states: string[] = [];
    for (const id of taskIds) {
      const res = await fetch(`${api}/api/tasks/${id}`, { headers: CHAOS_HEADERS });
      states.push(((await res.json()) as { status: string }).status);
    }
    done = states.filter((s) => s === 'done').length;
    if (states.every((s) => s !== 'queued' && s !== 'running')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return done;
}

/** Runs beyond the first per workflow id (a task started twice), plus a problem for any run not completed. */
export async function countExtraRuns(devPort: number, workflowIds: string[], problems: string[]): Promise<number> {
  const connection = await Connection.connect({ address: `127.0.0.1:${devPort}` });
  try {
    const client = new Client({ connection });
    let extra = 0;
    // A task reads `done` once its result is stored, and its run still publishes (Notion) after that: runs
    // get up to two minutes in all to close before an open one counts as a problem.
    const settleBy = Date.now() + 120_000;
    for (const id of workflowIds) {
      let runs = await executionsOf(client, id);
      while (runs.some((r) => r.status === 'RUNNING') && Date.now() < settleBy) {
        await new Promise((r) => setTimeout(r, 1_000));
        runs = await executionsOf(client, id);
      }
      extra += Math.max(0, runs.length - 1);
      const open = runs.filter((r) => r.status !== 'COMPLETED');
      if (open.length) problems.push(`${id}: runs not completed: ${open.map((r) => r.status).join(', ')}`);
    }
    return extra;
  } finally {
    await connection.close();
  }
}

/**
 * `npm run bench`: tasks through the real pipeline (HTTP API → processTask → ledger) with a zero-latency
 * LLM on the embedded Temporal dev server, against a bare workflow with the same activities and options.
 * Each role runs in its own process (bench/child.ts) so memory is counted per process. Scenarios:
 * - `pglite`: `echopilot start`'s shape: one process = API + worker + embedded PGlite;
 * - `postgres`: `echopilot worker` + `echopilot api` over a throwaway local PostgreSQL;
 * - `data-scale`: every admin read path and routine query at 10k…1M tasks (bench/data-scale/);
 * - `capacity`: LLM pacing and fair share against a rate-limited provider, and a provider outage (bench/capacity/).
 * Env: BENCH_TASKS (200, per round), BENCH_ROUNDS (3), BENCH_IN_FLIGHT (500), BENCH_SCENARIOS (pglite,postgres,data-scale,capacity), BENCH_EAGER (1),
 * and the WORKER_* sizing variables of the platform.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { BaselineInput } from './baseline-workflow';
import type { ChildOptions } from './child';
import { compileForBench } from './compile';
import { startFastLlm } from './fast-llm';
import { startPostgres } from './postgres';
import { runDataScale } from './data-scale/run-data-scale';
import { runCapacity } from './capacity/run-capacity';
import { mb, procCpu, procMem, processTree } from './proc-mem';
import { startDevServer } from '../infra/temporal/dev-server';
import { findTemporalCli } from '../infra/temporal/temporal-cli';
import { loadConfig } from '../infra/config/load-config';
import { freePort } from '../test/support/free-port';

const env = process.env;
const N = Number(env.BENCH_TASKS ?? 200);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 500);
const SCENARIOS = (env.BENCH_SCENARIOS ?? 'pglite,postgres,data-scale,capacity').split(',') as (
  'pglite' | 'postgres' | 'data-scale' | 'capacity'
)[];
const EAGER = (env.BENCH_EAGER ?? '1') === '1';
const SUBMITTERS = 10;
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const KEY = 'bench-dashboard-key-0123456789';
const now = () => performance.timeOrigin + performance.now(); // epoch ms, sub-ms, comparable across processes
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  proc: ChildProcess;
  apiUrl?: string;
  pid: number;
  request<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

let compiledDir = '';

function startChild(opts: ChildOptions, childEnv: Record<string, string>): Promise<Child> {
  const proc = fork(path.join(compiledDir, 'bench', 'child.js'), [JSON.stringify(opts)], {
    execArgv:
      env.BENCH_CPU_PROF && opts.role !== 'baseline' ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF] : [],
    env: { ...env, ...childEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`bench ${opts.role} process exited with ${code}`)));
    proc.once('message', (m: { type: string; apiUrl?: string; pid: number }) => {
      resolve({
        proc,
        apiUrl: m.apiUrl,
        pid: m.pid,
        request: <T>(type: string) =>
          new Promise<T>((r) => {
            proc.once('message', (x: T) => r(x));
            proc.send({ type });
          }),
        stop: () =>
          new Promise<void>((r) => {
            proc.removeAllListeners('exit');
            proc.once('exit', () => r());
            proc.send({ type: 'stop' });
          }),
      });
    });
  });
}

/** Runs `count` jobs through `workers` concurrent loops (the submitters of a burst). */
async function pool<T>(count: number, workers: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

async function scenario(kind: 'pglite' | 'postgres', cli: string, dir: string) {
  const port = await freePort();
  const dynamicConfig = env.BENCH_DYNAMIC_CONFIG
    ? (JSON.parse(env.BENCH_DYNAMIC_CONFIG) as Record<string, unknown>)
    : undefined;
  const server = await startDevServer({
    cliPath: cli,
    dataDir: path.join(dir, kind),
    port,
    uiPort: await freePort(),
    namespace: 'default',
    dynamicConfig,
    sqlitePragmas: env.BENCH_SQLITE_PRAGMAS?.split(','),
  });
  let pg: ReturnType<typeof startPostgres>;
  for (let i = 0; kind === 'postgres' && i < 3 && !pg; i++) {
    try {
      pg = startPostgres(await freePort());
    } catch (err) {
      if (i === 2) {
        await server.stop();
        throw err;
      }
    }
  }
  if (kind === 'postgres' && !pg) {
    await server.stop();
    console.log('postgres scenario skipped: PostgreSQL is not installed');
    return undefined;
  }
  let stopped = false;
  process.once('exit', () => {
    server.killNow();
    if (!stopped) pg?.stop();
  }); // nothing orphaned when a phase throws
  const llm = await startFastLlm();
  const base = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DASHBOARD_KEY: KEY,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(dir, kind),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'bench-pipeline',
    AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-bench-000000',
    AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    APP_METRICS_PORT: '0', // several children on one host: no shared application metrics port
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2', // as the container image and scripts/start.sh set it
  };
  const settings = loadConfig(base).llm;
  const roles: ChildOptions['role'][] = kind === 'pglite' ? ['all'] : ['worker', 'api'];
  const children: Record<string, Child> = {};
  for (const role of [...roles, 'baseline' as const]) {
    children[role] = await startChild(
      {
        role,
        bundlePath: path.join(dir, role === 'baseline' ? 'baseline.js' : 'pipeline.js'),
        sharedConnection: EAGER && role === 'all',
      },
      { ...base, METRICS_PORT: String(await freePort()) },
    );
  }
  const apiUrl = (children.all ?? children.api)!.apiUrl!;
  const freshMem = Object.fromEntries(Object.entries(children).map(([n, c]) => [n, procMem(c.pid).rss]));
  const workerPid = (children.all ?? children.worker)!.pid;
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });

  const submit = async (i: number, tag: string) => {
    const t0 = now();
    const res = await fetch(`${apiUrl}/api/tasks`, {
      method: 'POST',
      headers: { 'X-Dash-Key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `${tag} ${i}`, prompt: 'Say ok.' }),
    });
    if (res.status !== 202) throw new Error(`submit ${res.status}: ${await res.text()}`);
    const { taskId } = (await res.json()) as { taskId: string };
    return { taskId, t0, apiMs: now() - t0 };
  };
  /** Tasks in the ledger with this status (loadTask marks a task running), through the list API's pages. */
  const ledgerCount = async (status: string) => {
    let n = 0;
    for (let cursor: string | null = ''; cursor !== null;) {
      const res = await fetch(
        `${apiUrl}/api/tasks?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: { 'X-Dash-Key': KEY } },
      );
      const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      n += page.items.length;
      cursor = page.nextCursor;
    }
    return n;
  };
  const finished = (taskId: string) => client.workflow.getHandle(`task-${taskId}`).result();
  /** POST sent → the worker's loadTask marked the task running (the ledger's started_at). */
  const startLatency = async (s: { taskId: string; t0: number }) => {
    const res = await fetch(`${apiUrl}/api/tasks/${s.taskId}`, { headers: { 'X-Dash-Key': KEY } });
    const { startedAt } = (await res.json()) as { startedAt: string };
    return Date.parse(startedAt) - s.t0;
  };
  const baselineInput = (shape: BaselineInput['shape']): BaselineInput => ({
    shape,
    llmTimeoutMs: settings.timeoutMs,
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
  });
  const runBaseline = async (tag: string, count: number, shape: BaselineInput['shape']) => {
    const t = now();
    const handles = await pool(count, SUBMITTERS, (i) =>
      client.workflow.start('baselineWorkflow', {
        workflowId: `${tag}-${i}`,
        taskQueue: 'bench-baseline',
        args: [baselineInput(shape)],
      }),
    );
    await Promise.all(handles.map((h) => h.result()));
    return (now() - t) / 1000;
  };

  const pids = () => ({
    worker: [workerPid],
    ...(children.api ? { api: [children.api.pid] } : {}),
    baseline: [children.baseline!.pid],
    devServer: [server.pid],
    ...(pg ? { postgres: processTree(pg.pid()) } : {}),
  });
  /** CPU seconds used by every process (this driver included) while `fn` runs: cost per task, whatever the load. */
  const cpuOf = async <T>(fn: () => Promise<T>): Promise<[T, Record<string, number>]> => {
    const read = () => ({
      ...Object.fromEntries(Object.entries(pids()).map(([n, ps]) => [n, ps.reduce((s, p) => s + procCpu(p), 0)])),
      driver: procCpu(process.pid),
    });
    const before = read();
    const out = await fn();
    const after = read();
    return [
      out,
      Object.fromEntries(Object.entries(after).map(([n, v]) => [n, v - (before[n as keyof typeof before] ?? 0)])),
    ];
  };

  // Warm-up: JIT, caches, first SQLite and database pages.
  await Promise.all((await pool(20, SUBMITTERS, (i) => submit(i, 'warm'))).map((s) => finished(s.taskId)));
  await runBaseline('warm', 20, 'pipeline');

  // 0) Submit → start on an idle platform: one task at a time, as a user clicking "submit".
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = await submit(i, 'idle');
    await finished(s.taskId);
    idle.push(await startLatency(s));
  }

  // 1+2) Throughput, in ROUNDS alternating rounds so both sides see the same background load: N tasks
  // submitted by 10 concurrent submitters to completion, then N baseline workflows started the same way.
  const sum = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));
  let pipelineCpu: Record<string, number> = {};
  let baselineCpu: Record<string, number> = {};
  let pipelineSec = 0;
  let baselineSec = 0;
  const roundRatios: number[] = [];
  const subs: { taskId: string; t0: number; apiMs: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t1 = now();
    const [ss, pc] = await cpuOf(async () => {
      const out = await pool(N, SUBMITTERS, (i) => submit(i, `burst${round}`));
      await Promise.all(out.map((s) => finished(s.taskId)));
      return out;
    });
    const pSec = (now() - t1) / 1000;
    const [bSec, bc] = await cpuOf(() => runBaseline(`base${round}`, N, 'pipeline'));
    subs.push(...ss);
    pipelineCpu = sum(pipelineCpu, pc);
    baselineCpu = sum(baselineCpu, bc);
    pipelineSec += pSec;
    baselineSec += bSec;
    roundRatios.push(bSec / pSec);
  }
  const burstStart = await pool(subs.length, SUBMITTERS, (i) => startLatency(subs[i]!));
  const remote4Sec = await runBaseline('remote4', N, 'remote4');

  /** Stops every process of the scenario and returns its numbers (memory ones only when measured). */
  const finish = async (mem: {
    idleMem: Record<string, number>;
    inFlightMem: Record<string, number>;
    heldCalls: number;
    heap: NodeJS.MemoryUsage;
  }) => {
    await client.connection.close();
    for (const c of Object.values(children)) await c.stop();
    await llm.close();
    await server.stop();
    pg?.stop();
    stopped = true;
    return {
      kind,
      load: os.loadavg()[1]!,
      roundRatios,
      pipelineCpu,
      baselineCpu,
      idle,
      burstStart,
      apiLat: subs.map((s) => s.apiMs),
      pipelineSec,
      baselineSec,
      remote4Sec,
      freshMem,
      ...mem,
    };
  };
  if (IN_FLIGHT === 0) return finish({ idleMem: {}, inFlightMem: {}, heldCalls: 0, heap: process.memoryUsage() });

  // 3) Memory with IN_FLIGHT tasks in flight: every generation held open until all tasks are running.
  const peak: Record<string, number> = {};
  /** RSS per role; PostgreSQL as the PSS of all its processes, so shared pages count once. */
  const memByRole = () =>
    Object.fromEntries(
      Object.entries(pids()).map(([n, ps]) => [
        n,
        ps.reduce((s, p) => s + (n === 'postgres' ? procMem(p).pss : procMem(p).rss), 0),
      ]),
    );
  const sample = () => {
    for (const [name, v] of Object.entries(memByRole())) peak[name] = Math.max(peak[name] ?? 0, v);
  };
  const idleMem = memByRole();
  const sampler = setInterval(sample, 250);
  llm.hold();
  const inflight = await pool(IN_FLIGHT, SUBMITTERS, (i) => submit(i, 'rss'));
  while ((await ledgerCount('running')) < IN_FLIGHT) await sleep(500);
  await sleep(2000);
  for (const k of Object.keys(peak)) delete peak[k];
  for (let i = 0; i < 12; i++) {
    sample();
    await sleep(250);
  }
  const inFlightMem = { ...peak };
  const heldCalls = llm.held();
  const heap = await (children.all ?? children.worker)!.request<{ mem: NodeJS.MemoryUsage }>('mem');
  llm.release();
  await Promise.all(inflight.map((s) => finished(s.taskId)));
  clearInterval(sampler);
  return finish({ idleMem, inFlightMem, heldCalls, heap: heap.mem });
}

async function main() {
  const cli = findTemporalCli(env.TEMPORAL_CLI_PATH, env.PATH ?? '');
  if (!cli) throw new Error('Temporal CLI not found: run bash scripts/ensure-temporal.sh');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-bench-'));
  execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'bundle.ts'), dir], {
    stdio: 'inherit',
  });
  compiledDir = compileForBench();
  const f = (x: number) => `${x.toFixed(1)} ms`;
  try {
    for (const kind of SCENARIOS) {
      if (kind === 'data-scale') {
        await runDataScale();
        continue;
      }
      if (kind === 'capacity') {
        await runCapacity();
        continue;
      }
      const r = await scenario(kind, cli, dir);
      if (!r) continue;
      const ratio = r.baselineSec / r.pipelineSec;
      const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
      const perTask = (v: number) => ((v * 1000) / (N * ROUNDS)).toFixed(1);
      const cpuLine = (c: Record<string, number>) =>
        Object.entries(c)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${perTask(v)}`)
          .join(', ') + ` = ${perTask(total(c))}`;
      const memLine = (m: Record<string, number>) =>
        Object.entries(m)
          .map(([k, v]) => `${k} ${mb(v)}`)
          .join(', ');
      console.log(
        [
          '',
          `== ${kind === 'pglite' ? 'all-in-one: API + worker + PGlite in one process' : 'split: worker process + API process + PostgreSQL'} — ${ROUNDS} rounds of ${N} tasks, ${os.cpus().length} cores, eager start ${EAGER && kind === 'pglite' ? 'on' : 'off'}, load average (5 min) ${r.load.toFixed(1)}`,
          `submit→workflow-start, one at a time (POST sent → loadTask marked it running): p50 ${f(pct(r.idle, 50))}  p95 ${f(pct(r.idle, 95))}   (target p95 ≤ 50 ms)`,
          `submit→workflow-start inside the ${N}-task bursts:                          p50 ${f(pct(r.burstStart, 50))}  p95 ${f(pct(r.burstStart, 95))}`,
          `POST /api/tasks response time inside the bursts:                         p50 ${f(pct(r.apiLat, 50))}  p95 ${f(pct(r.apiLat, 95))}`,
          `pipeline ${((N * ROUNDS) / r.pipelineSec).toFixed(1)} tasks/s   baseline (same activities and options) ${((N * ROUNDS) / r.baselineSec).toFixed(1)} wf/s   ratio ${ratio.toFixed(2)} (rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')})   (target ≥ 0.80)`,
          `   CPU capacity ratio (baseline CPU per workflow ÷ pipeline CPU per task, all processes): ${(total(r.baselineCpu) / total(r.pipelineCpu)).toFixed(2)}`,
          `   CPU ms per task, pipeline: ${cpuLine(r.pipelineCpu)}`,
          `   CPU ms per workflow, baseline: ${cpuLine(r.baselineCpu)}`,
          `   (baseline of 4 plain activities, the first benchmark's: ${(N / r.remote4Sec).toFixed(1)} wf/s, ratio ${((N * ROUNDS) / r.pipelineSec / (N / r.remote4Sec)).toFixed(2)})`,
          `memory with ${IN_FLIGHT} tasks in flight (${r.heldCalls} LLM calls held open), RSS (PostgreSQL: PSS of all its processes): ${memLine(r.inFlightMem)}   (target: worker ≤ 400 MB)`,
          `   right after start: ${memLine(r.freshMem)}; idle before the phase: ${memLine(r.idleMem)}; ${kind === 'pglite' ? 'all-in-one' : 'worker'} heap ${mb(r.heap.heapUsed)} used / ${mb(r.heap.heapTotal)}, external ${mb(r.heap.external)}, arrayBuffers ${mb(r.heap.arrayBuffers)}`,
        ].join('\n'),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench` capacity scenario (README "LLM capacity"): the whole platform in this process (API,
 * worker, PGlite) on a fresh embedded dev server, against an OpenAI-compatible stand-in that enforces
 * BENCH_LLM_RPS requests/s and tokens/min with a few hundred ms latency and answers 429 with OpenAI's
 * headers beyond them. A flood of BENCH_CAPACITY_TASKS tasks from one client, then 5 from a second;
 * paced and unpaced (LLM_PACING=false). Then a 503 window of BENCH_OUTAGE_SECONDS on a smaller batch.
 * LLM_RPM is the stand-in's limit; BENCH_LLM_TASK_QUEUES=false keeps the LLM calls on the task queue.
 * BENCH_CAPACITY_RUNS picks runs (paced,unpaced,outage); BENCH_CAPACITY_TRACE=<prefix> writes each run's
 * arrivals at the stand-in (time, status) to <prefix>-<run>.json. BENCH_CAPACITY_SPLIT=true runs the
 * production set-up instead: PostgreSQL, `echopilot worker` ×2 and `echopilot api` (capacity-platforms.ts).
 */
import { writeFileSync } from 'node:fs';
import { startInProcess, startSplit } from './capacity-platforms';
import { startLimitedLlm } from './limited-llm';

const env = process.env;
const N = Number(env.BENCH_CAPACITY_TASKS ?? 200);
const SMALL = 5;
const RPS = Number(env.BENCH_LLM_RPS ?? 20);
const TPM = Number(env.BENCH_LLM_TPM ?? 150_000);
const OUTAGE_S = Number(env.BENCH_OUTAGE_SECONDS ?? 120);
/** Which runs to make (comma-separated): a quick look at one needs not wait for the other two. */
const RUNS = new Set((env.BENCH_CAPACITY_RUNS ?? 'paced,unpaced,outage').split(','));
/** BENCH_CAPACITY_SPLIT=true: the production set-up (PostgreSQL, `echopilot worker` ×2, `echopilot api`). */
const SPLIT = env.BENCH_CAPACITY_SPLIT === 'true';
const KEY = 'bench-dashboard-key-0123456789';
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  label: string;
  tasks: number;
  failed: number;
  elapsedS: number;
  efficiency: number;
  share429: number;
  floodS: number;
  smallP50S: number;
  smallP95S: number;
  calls: { served: number; limited: number; unavailable: number };
  /** Served ÷ (limit × time from the first to the last call): the pacer alone, without start-up and tail. */
  busyEfficiency: number;
  /** Most calls the stand-in saw in one rolling second. */
  peakPerSecond: number;
}

/** Served ÷ (limit × first-to-last served call), and the most arrivals in any rolling second. */
function callShape(arrivals: { at: number; status: number }[]) {
  const served = arrivals.filter((a) => a.status === 200).map((a) => a.at);
  const busyS = served.length > 1 ? (served.at(-1)! - served[0]!) / 1000 : NaN;
  let peak = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i]!.at - arrivals[j]!.at >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  // n calls spaced evenly fill n - 1 intervals: count the first as free.
  return { busyEfficiency: (served.length - 1) / (RPS * busyS), peakPerSecond: peak };
}

async function run(label: string, pacing: boolean, flood: number, small: number, outageMs = 0): Promise<Run> {
  const llm = await startLimitedLlm({ rps: RPS, tpm: TPM, latencyMs: 300 });
  const vars = {
    DASHBOARD_KEY: KEY,
    AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
    AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-bench-0123456789',
    LLM_MODEL: 'gpt-4o',
    QA_MODEL: 'gpt-4o', // one model, one provider limit: efficiency is measured against it
    LLM_PACING: String(pacing),
    // The provider's limit as an operator configures it: the LLM task queue's Temporal rate comes from it.
    LLM_RPM: String(RPS * 60),
    LLM_TASK_QUEUES: env.BENCH_LLM_TASK_QUEUES ?? 'true',
  };
  const platform = await (SPLIT ? startSplit(vars) : startInProcess(vars)).catch(async (err: unknown) => {
    await llm.close();
    throw err;
  });
  const api = platform.api;
  const headers = { 'x-dash-key': KEY, 'content-type': 'application/json' };
  /** A loaded machine may reset a connection: every request here is safe to repeat (ids, idempotency keys). */
  const send = async (url: string, init: RequestInit, tries = 3): Promise<Response> => {
    const res = await fetch(url, init).catch((err: unknown) => {
      if (tries > 1) return undefined;
      throw err;
    });
    return res ?? send(url, init, tries - 1);
  };
  const submit = async (clientId: string, i: number): Promise<{ id: string; at: number }> => {
    const res = await send(`${api}/api/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: `${clientId} ${i}`,
        prompt: `Summarise item ${i} in one line.`,
        clientId,
        idempotencyKey: `${clientId}-${i}`,
      }),
    });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
    return { id: ((await res.json()) as { taskId: string }).taskId, at: Date.now() };
  };
  try {
    // Tasks name existing clients: this run's two are created first.
    for (const clientId of ['client-flood', 'client-small']) {
      const res = await send(`${api}/api/clients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ clientId, name: clientId, email: `${clientId}@bench.example` }),
      });
      // 409: a repeat after a reset connection found the client created.
      if (res.status !== 201 && res.status !== 409) throw new Error(`create client: ${res.status} ${await res.text()}`);
    }
    if (outageMs) llm.outage(outageMs);
    const t0 = Date.now();
    // The flood arrives as a batch would (10 submitters in parallel), the small client right after it.
    const big: { id: string; at: number }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < flood) big.push(await submit('client-flood', next++));
      }),
    );
    const few = [];
    for (let i = 0; i < small; i++) few.push(await submit('client-small', i));
    const done = new Map<string, { status: string; at: number }>();
    const all = [...big, ...few];
    // Watched through each client's task list (a page of 100 is one keyset read), not one GET per task: an
    // observer reading every task every second takes a share of the platform's one process it measures.
    while (done.size < all.length) {
      await sleep(1000);
      for (const clientId of ['client-flood', 'client-small']) {
        for (let cursor: string | null = ''; cursor !== null;) {
          const q = `clientId=${clientId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = (await (await send(`${api}/api/tasks?${q}`, { headers })).json()) as {
            items: { taskId: string; status: string; completedAt: string | null }[];
            nextCursor: string | null;
          };
          for (const row of page.items)
            if (!done.has(row.taskId) && ['done', 'low_qa', 'failed', 'cancelled'].includes(row.status))
              done.set(row.taskId, {
                status: row.status,
                at: row.completedAt ? Date.parse(row.completedAt) : Date.now(),
              });
          cursor = page.nextCursor;
        }
      }
    }
    const end = Math.max(...[...done.values()].map((d) => d.at));
    const floodEnd = Math.max(...big.map((t) => done.get(t.id)!.at));
    const elapsedS = (end - t0) / 1000;
    const waits = few.map((t) => (done.get(t.id)!.at - t.at) / 1000);
    const c = llm.counts;
    if (env.BENCH_CAPACITY_TRACE)
      writeFileSync(
        `${env.BENCH_CAPACITY_TRACE}-${label.split(' ')[0]}.json`,
        JSON.stringify({ t0, arrivals: llm.arrivals }),
      );
    return {
      label,
      tasks: all.length,
      failed: [...done.values()].filter((d) => d.status === 'failed').length,
      elapsedS,
      efficiency: c.served / (RPS * (elapsedS - outageMs / 1000)),
      share429: c.limited / Math.max(1, c.served + c.limited + c.unavailable),
      floodS: (floodEnd - t0) / 1000,
      smallP50S: pct(waits, 50),
      smallP95S: pct(waits, 95),
      calls: { ...c },
      ...callShape(llm.arrivals),
    };
  } finally {
    await platform.stop();
    await llm.close();
  }
}

const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export async function runCapacity(): Promise<void> {
  console.log(
    `\n== capacity${SPLIT ? ' (split: PostgreSQL, worker ×2, api)' : ''}: ${N} tasks from one client, then ${SMALL} from another; stand-in ${RPS} req/s, ${TPM} tok/min, ~300 ms`,
  );
  console.log(
    '| run | tasks | failed | elapsed s | efficiency | 429 share | flood s | small p50 s | small p95 s | p95 / flood | calls served / 429 / 503 | first-to-last call efficiency | peak calls / s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  // Each row as soon as its run ends: a run that breaks off later does not lose the ones before it.
  const row = (r: Run) =>
    console.log(
      `| ${r.label} | ${r.tasks} | ${r.failed} | ${f(r.elapsedS, 1)} | ${f(r.efficiency)} | ${f(r.share429 * 100, 1)} % | ${f(r.floodS, 1)} | ${f(r.smallP50S, 1)} | ${f(r.smallP95S, 1)} | ${f(r.smallP95S / r.floodS)} | ${r.calls.served} / ${r.calls.limited} / ${r.calls.unavailable} | ${f(r.busyEfficiency)} | ${r.peakPerSecond} |`,
    );
  if (RUNS.has('paced')) row(await run('paced', true, N, SMALL));
  if (RUNS.has('unpaced')) row(await run('unpaced', false, N, SMALL));
  const outageN = Math.max(10, Math.round(N / 10));
  if (RUNS.has('outage')) row(await run(`503 for ${OUTAGE_S} s`, true, outageN, 0, OUTAGE_S * 1000));
  console.log(
    'targets (paced): efficiency >= 0.95, 429 share <= 2 %, 0 failed, small p95 <= 0.10 of the flood; outage: 0 failed',
  );
}

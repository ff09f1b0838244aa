import { setTimeout as sleep } from 'node:timers/promises';
import { CHAOS_HEADERS, postTask } from './chaos-platform';

/** One request to the API while Temporal is down, and what came back (status 0: no answer in time). */
export interface DownAnswer {
  route: string;
  status: number;
  code?: string;
  ms: number;
}

/** What a caller may get while Temporal is down: a 2xx/4xx answer, or 503 saying why; never another 5xx. */
export function downProblem(a: DownAnswer): string | undefined {
  if (a.status === 0) return `${a.route}: no answer in 30 s while Temporal was down`;
  // A liveness probe (Docker, systemd, a load balancer) gives up after a few seconds.
  if (a.route === 'GET /health' && a.ms > 8_000) return `GET /health took ${a.ms} ms while Temporal was down`;
  if (a.status === 503 && a.route === 'GET /health') return undefined; // its body names the check that failed
  if (a.status === 503 && a.code !== 'temporal_unavailable')
    return `${a.route}: 503 with code ${a.code ?? '(none)'} while Temporal was down`;
  if (a.status >= 500 && a.status !== 503) return `${a.route}: ${a.status} ${a.code ?? ''} while Temporal was down`;
  return undefined;
}

/** The task sent while Temporal is down and again after, under one idempotency key. */
export const outageTask = (key: string) => ({
  title: `Outage ${key}`,
  prompt: `Write note ${key}.`,
  idempotencyKey: key,
});

/**
 * Asks the routes a user and the dashboard use most, once each: liveness, a new task (its idempotency
 * key is sent again after the outage, as a 503 asks), a task's view, the task list, the schedules.
 */
export async function probeWhileDown(api: string, taskId: string, key: string): Promise<DownAnswer[]> {
  const ask = async (method: string, route: string, body?: unknown): Promise<DownAnswer> => {
    const started = Date.now();
    try {
      const res = await fetch(`${api}${route}`, {
        method,
        headers: CHAOS_HEADERS,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const parsed = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      return { route: `${method} ${route}`, status: res.status, code: parsed.error?.code, ms: Date.now() - started };
    } catch {
      return { route: `${method} ${route}`, status: 0, ms: Date.now() - started };
    }
  };
  return Promise.all([
    ask('GET', '/health'),
    ask('POST', '/api/tasks', outageTask(key)),
    ask('GET', `/api/tasks/${taskId}`),
    ask('GET', '/api/tasks'),
    ask('GET', '/api/schedules'),
  ]);
}

/** Sends a refused task again until it is accepted (202), as a caller told 503 does. */
export async function resubmit(api: string, key: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await postTask(api, outageTask(key)).catch(() => undefined);
    if (r?.status === 202) return r.body as { taskId: string; workflowId: string };
    await sleep(250);
  }
  return undefined;
}

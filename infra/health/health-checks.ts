import type { Client as NotionClient } from '@notionhq/client';
import type { Client as TemporalClient } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type OpenAI from 'openai';
import type Stripe from 'stripe';
import type { HealthCheck, HealthCheckName } from '../../domain/health';

export interface HealthCheckDeps {
  temporal: TemporalClient;
  namespace: string;
  taskQueue: string;
  pingDatabase: () => Promise<void>;
  llm?: OpenAI;
  notion?: NotionClient;
  stripe?: Stripe;
  timeoutMs?: number;
}

type Outcome = { status: HealthCheck['status']; detail: string };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

async function timed(name: HealthCheckName, ms: number, fn: () => Promise<Outcome>): Promise<HealthCheck> {
  const started = performance.now();
  try {
    const { status, detail } = await withTimeout(fn(), ms);
    return { name, status, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      name,
      status: 'fail',
      detail: (err as Error).message.slice(0, 300),
      latencyMs: Math.round(performance.now() - started),
    };
  }
}

/** The original EchoPilot runbook's 5-point health check: Temporal, database, workers polling, LLM, Notion/Stripe. */
export function createHealthChecks(deps: HealthCheckDeps) {
  const ms = deps.timeoutMs ?? 5_000;
  const checks = {
    temporal: () =>
      timed('temporal', ms, async () => {
        const info = await deps.temporal.workflowService.getSystemInfo({});
        return { status: 'ok', detail: `server ${info.serverVersion || 'reachable'}` };
      }),
    database: () =>
      timed('database', ms, async () => {
        await deps.pingDatabase();
        return { status: 'ok', detail: 'query ok' };
      }),
    workers: () =>
      timed('workers', ms, async () => {
        const res = await deps.temporal.workflowService.describeTaskQueue({
          namespace: deps.namespace,
          taskQueue: { name: deps.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const pollers = res.pollers?.length ?? 0;
        return pollers > 0
          ? { status: 'ok', detail: `${pollers} poller(s) on ${deps.taskQueue}` }
          : { status: 'fail', detail: `no worker polling task queue ${deps.taskQueue}` };
      }),
    llm: () =>
      timed('llm', ms, async () => {
        if (!deps.llm) return { status: 'not_configured', detail: 'set AI_INTEGRATIONS_OPENAI_API_KEY' };
        await deps.llm.models.list();
        return { status: 'ok', detail: 'models endpoint reachable' };
      }),
    integrations: () =>
      timed('integrations', ms, async () => {
        if (!deps.notion && !deps.stripe)
          return { status: 'not_configured', detail: 'Notion and Stripe not configured' };
        const parts: string[] = [];
        if (deps.notion) parts.push(`notion ${(await deps.notion.users.me({})).type ?? 'ok'}`);
        if (deps.stripe) {
          await deps.stripe.balance.retrieve();
          parts.push('stripe ok');
        }
        return { status: 'ok', detail: parts.join(', ') };
      }),
  } satisfies Record<HealthCheckName, () => Promise<HealthCheck>>;

  return {
    ...checks,
    async all(): Promise<HealthCheck[]> {
      return Promise.all([checks.temporal(), checks.database(), checks.workers(), checks.llm(), checks.integrations()]);
    },
  };
}
export type HealthChecks = ReturnType<typeof createHealthChecks>;

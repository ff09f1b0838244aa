import { ApplicationFailure } from '@temporalio/common';
import { APIErrorCode, isNotionClientError } from '@notionhq/client';
import type { NotionPropertyNames } from '../domain/notion-properties';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { NotionGateway } from '../infra/notion/notion-gateway';
import { encodeProperties } from '../infra/notion/property-values';
import { heartbeat, isRetry } from './activity-context';
import type { LedgerStepKey } from './ledger-step';

/** Notion errors as Temporal failures: auth, missing objects and bad requests will not heal by retrying. */
export function mapNotionError(err: unknown, what: string): Error {
  if (err instanceof ApplicationFailure) return err;
  if (isNotionClientError(err)) {
    const permanent = [
      APIErrorCode.Unauthorized,
      APIErrorCode.RestrictedResource,
      APIErrorCode.ObjectNotFound,
      APIErrorCode.ValidationError,
      APIErrorCode.InvalidRequest,
    ].includes(err.code as APIErrorCode);
    return ApplicationFailure.create({
      type: 'notion_error',
      message: `Notion ${what}: ${err.code}: ${err.message}`.slice(0, 500),
      nonRetryable: permanent,
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** `step` is `notion:<effect>`, stored as the job_attempts step. */
export type EffectKey = LedgerStepKey;

/**
 * Exactly-once Notion effect keyed on (task, run, attempt, step): the job_attempts primary key is the
 * fast "already done" record; on a retry (the only case where an earlier try may have done it without
 * recording it) `find` looks in Notion itself before `create` runs again.
 */
export async function onceInNotion(
  tasks: TaskLedger,
  key: EffectKey,
  find: () => Promise<string | undefined>,
  create: () => Promise<string>,
): Promise<{ id: string; created: boolean }> {
  const done = await tasks.getStep(key);
  if (done?.output) return { id: done.output, created: false };
  const found = isRetry() ? await find() : undefined;
  const id = found ?? (await create());
  await tasks.recordStep({ ...key, model: 'notion', output: id });
  return { id, created: !found };
}

export interface AutomationOp {
  attempt: number;
  step: string;
  status: string;
  at: Date;
  detail: string;
}

/** One Automation Log row per (task, run, attempt, step), keyed by its op key so a retry finds it. */
export async function logAutomationOp(
  tasks: TaskLedger,
  g: NotionGateway,
  ds: { id: string; types: Record<string, string> },
  a: NotionPropertyNames['automationLog'],
  taskId: string,
  run: number,
  op: AutomationOp,
): Promise<void> {
  const opKey = `${taskId}:${run}:${op.attempt}:${op.step}`;
  await onceInNotion(
    tasks,
    { taskId, run, attempt: op.attempt, step: `notion:alog:${op.step}` },
    async () => (await g.queryAll(ds.id, { property: a.opKey, rich_text: { equals: opKey } }, 1))[0]?.id,
    () =>
      g.createPage(
        ds.id,
        encodeProperties(ds.types, {
          [a.title]: `${op.step} ${taskId}`,
          [a.opKey]: opKey,
          [a.taskId]: taskId,
          [a.status]: op.status,
          [a.detail]: op.detail,
          [a.at]: op.at,
        }),
      ),
  );
  heartbeat(opKey);
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { APIErrorCode, isNotionClientError } from '@notionhq/client';
import type { JobsRepository } from '../infra/db/repositories/jobs-repository';
import { isRetry, type LedgerStepKey } from './ledger-step';

/** Notion errors as Temporal failures: auth, missing objects and bad requests will not heal by retrying. */
export function mapNotionError(err: unknown, what: string): Error {
  if (err instanceof ApplicationFailure) return err;
  if (isNotionClientError(err)) {
    const permanent = [APIErrorCode.Unauthorized, APIErrorCode.RestrictedResource, APIErrorCode.ObjectNotFound, APIErrorCode.ValidationError, APIErrorCode.InvalidRequest].includes(err.code as APIErrorCode);
    return ApplicationFailure.create({ type: 'notion_error', message: `Notion ${what}: ${err.code}: ${err.message}`.slice(0, 500), nonRetryable: permanent });
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
  jobs: JobsRepository,
  key: EffectKey,
  find: () => Promise<string | undefined>,
  create: () => Promise<string>,
): Promise<{ id: string; created: boolean }> {
  const done = await jobs.getStep(key);
  if (done?.output) return { id: done.output, created: false };
  const found = isRetry() ? await find() : undefined;
  const id = found ?? (await create());
  await jobs.recordStep({ ...key, model: 'notion', output: id });
  return { id, created: !found };
}

export const heartbeat = (details?: unknown) => {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity
  }
};

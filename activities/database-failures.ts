import { ApplicationFailure } from '@temporalio/common';
import { activityAttempt } from './activity-context';
import { isBadDataFailure, isDatabaseDownFailure, queryFailure } from '../infra/db/query-error';

/** Failure types a workflow (and the API) can tell apart. */
export const DATABASE_FAILURE_TYPES = { badData: 'bad_data', database: 'database_error' } as const;

/**
 * Attempts for a query that fails for another reason (deadlock, a missing relation after a bad deploy):
 * enough to ride out a transient conflict, bounded so a broken statement cannot retry forever.
 */
export const DATABASE_MAX_ATTEMPTS = 10;

/**
 * Turns a failed query into a failure the history may hold: SQLSTATE and message, never the parameters.
 * Bad data is non-retryable at once (the same row fails every time); an unreachable database is
 * retried as before (a crash or outage loses no task); anything else gets DATABASE_MAX_ATTEMPTS.
 */
export function databaseFailure(err: unknown): unknown {
  const f = queryFailure(err);
  if (!f) return err;
  const message = `database query failed (SQLSTATE ${f.code}): ${f.message}`;
  if (isBadDataFailure(f))
    return ApplicationFailure.create({
      type: DATABASE_FAILURE_TYPES.badData,
      message,
      nonRetryable: true,
      details: [{ sqlstate: f.code }],
    });
  if (isDatabaseDownFailure(f))
    return ApplicationFailure.create({
      type: DATABASE_FAILURE_TYPES.database,
      message,
      details: [{ sqlstate: f.code }],
    });
  return ApplicationFailure.create({
    type: DATABASE_FAILURE_TYPES.database,
    message,
    nonRetryable: activityAttempt() >= DATABASE_MAX_ATTEMPTS,
    details: [{ sqlstate: f.code }],
  });
}

/** Every activity of `group`, each with its failed queries classified by databaseFailure. */
export function withDatabaseFailures<T extends object>(group: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(group)) {
    out[name] =
      typeof fn !== 'function'
        ? fn
        : async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => unknown)(...args);
            } catch (err) {
              throw databaseFailure(err);
            }
          };
  }
  return out as T;
}

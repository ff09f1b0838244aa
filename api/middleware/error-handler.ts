import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { isBadDataFailure, isDatabaseDownFailure, queryFailure, safeQueryError } from '../../infra/db/query-error';
import type { Logger } from '../../infra/logger';
import type { AppEnv } from '../app-env';
import { ApiError, errorBody } from '../errors';
import { isTemporalUnavailable } from '../temporal-deadline';

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001']);

function isDatabaseUnavailable(err: unknown): boolean {
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (err as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === 'string' && DB_DOWN_CODES.has(code)) return true;
  // A connection the server dropped mid-query (stopped, restarting) is as unavailable as a refused one.
  const query = queryFailure(err);
  return query !== undefined && isDatabaseDownFailure(query);
}

/** One place turns every error into the README error shape; unexpected ones never leak details. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.details), err.status);
    }
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'payload_too_large' : `http_${err.status}`;
      return c.json(errorBody(code, err.message || 'Request failed'), err.status);
    }
    if (err instanceof WorkflowNotFoundError) return c.json(errorBody('not_found', 'Workflow not found'), 404);
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return c.json(errorBody('conflict', 'A run with this id is already in progress'), 409);
    }
    if (isTemporalUnavailable(err))
      return c.json(errorBody('temporal_unavailable', 'Temporal is unreachable; try again shortly'), 503);
    if (isDatabaseUnavailable(err))
      return c.json(errorBody('database_unavailable', 'The database is unreachable; try again shortly'), 503);
    // Unset only when an error is thrown before the request-id middleware ran.
    const requestId: string | undefined = c.get('requestId');
    // A value the database refuses is the caller's input, not a server fault (a backstop behind validate()).
    const query = queryFailure(err);
    if (query && isBadDataFailure(query)) {
      logger.warn(
        { requestId, path: c.req.path, sqlstate: query.code, message: query.message },
        'request data refused by the database',
      );
      return c.json(errorBody('invalid_input', 'A value in the request cannot be stored', { requestId }), 400);
    }
    logger.error({ err: safeQueryError(err), requestId, path: c.req.path }, 'unhandled API error');
    return c.json(errorBody('internal_error', 'Internal error', { requestId }), 500);
  };
}

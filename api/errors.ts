import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The README "HTTP API" error shape: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An expected API failure; `onError` turns it into the JSON error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new ApiError(400, code, message, details);
/** One input field the caller got wrong: `a.b[0]` style path and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * The 400 for bad input, naming the field(s): message `Invalid <where>: <field>: <message>` and
 * `details.issues`. validate() and every check zod cannot express (ranges, lookups) throw this one shape;
 * `extra` adds details beside `issues` (e.g. what remains to refund).
 */
export function fieldErrors(where: string, issues: readonly FieldIssue[], extra?: object): ApiError {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return badRequest('validation_failed', `Invalid ${where}: ${summary}`, { issues, ...extra });
}
export const fieldError = (where: string, field: string, message: string, extra?: object): ApiError =>
  fieldErrors(where, [{ field, message }], extra);

export const unauthorized = () => new ApiError(401, 'unauthorized', 'Missing or invalid X-Dash-Key header');
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const tooManyRequests = (retryAfterSec: number) =>
  new ApiError(429, 'too_many_requests', `Too many failed attempts; retry after ${retryAfterSec} s`, undefined, {
    'Retry-After': String(retryAfterSec),
  });
export const unavailable = (what: string) =>
  new ApiError(503, `${what}_unavailable`, `${what} is unreachable; try again shortly`);

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/**
 * What a failed query may tell: the PostgreSQL SQLSTATE and server message. Drizzle's error text and
 * the driver's error object both carry the query's parameters (prompts, emails, refund reasons), so
 * neither is ever logged, stored in a workflow history or answered as it is.
 */
export interface QueryFailure {
  code: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * node-postgres's own errors for a connection lost mid-use (the server stopped or restarted), which carry
 * no code: reported as SQLSTATE 08006 (connection_failure), so they count as the database being away.
 */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/** The server's error (SQLSTATE, has a severity) or a socket error (ECONNREFUSED…) in the cause chain. */
function pgError(err: unknown, depth = 0): QueryFailure | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; severity?: unknown; syscall?: unknown };
  if (typeof e.code === 'string' && typeof e.message === 'string') {
    if (SQLSTATE.test(e.code) && e.severity !== undefined) return { code: e.code, message: e.message };
    if (/^E[A-Z]+$/.test(e.code) && e.syscall !== undefined) return { code: e.code, message: e.message };
  }
  if (e.code === undefined && typeof e.message === 'string' && LOST_CONNECTION.test(e.message))
    return { code: '08006', message: e.message.slice(0, 100) };
  return pgError(e.cause, depth + 1);
}

/** Drizzle's wrapper (`Failed query: … params: …`) or a driver error with query and params attached. */
export function isQueryError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; params?: unknown; query?: unknown };
  return (
    e.name === 'DrizzleQueryError' ||
    ('params' in e && 'query' in e) ||
    (pgError(err)?.code.match(SQLSTATE) ?? null) !== null
  );
}

/** The SQLSTATE and message of a failed query, or undefined when `err` is no database error. */
export function queryFailure(err: unknown): QueryFailure | undefined {
  if (!isQueryError(err)) return undefined;
  return pgError(err) ?? { code: 'unknown', message: 'query failed' };
}

/**
 * Data the database refuses however often it is sent: SQLSTATE class 22 (data exception: NUL byte,
 * bad encoding, value too long, out of range) and the integrity violations 23502 (not null), 23514 (check).
 */
export function isBadDataFailure(f: QueryFailure): boolean {
  return f.code.startsWith('22') || f.code === '23502' || f.code === '23514';
}

/** Connection and server-state classes (08, 53, 57, 58) and socket errors: the database is away, not the data wrong. */
export function isDatabaseDownFailure(f: QueryFailure): boolean {
  return /^(08|53|57|58)/.test(f.code) || /^E[A-Z]+$/.test(f.code);
}

/** A replacement error that says what failed without the parameters. */
export class SafeQueryError extends Error {
  constructor(readonly failure: QueryFailure) {
    super(`database query failed (SQLSTATE ${failure.code}): ${failure.message}`);
    this.name = 'SafeQueryError';
  }
}

/** `err` itself, or a SafeQueryError in place of a query error that carries parameters. */
export function safeQueryError(err: unknown): unknown {
  const f = queryFailure(err);
  return f && !(err instanceof SafeQueryError) ? new SafeQueryError(f) : err;
}

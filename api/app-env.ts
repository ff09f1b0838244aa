import type { Hono } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';

/**
 * What middleware puts on each request's context, typed so `c.get('requestId')` needs no cast.
 * Only `requestId` today: the client IP is computed where it is needed (dash-auth) and the trace span
 * travels in the OpenTelemetry context, not in Hono's.
 */
export interface AppEnv {
  Variables: RequestIdVariables;
}

/** The application createApp builds, and every route module it mounts. */
export type ApiApp = Hono<AppEnv>;

import type { z } from 'zod';

/** How a caller proves it may call a route. */
export type RouteAuth =
  'dashKey' | 'public' | 'stripeSignature' | 'paypalSignature' | 'notionSignature' | 'telegramSecret';

/**
 * One documented operation. The schemas are the ones the route validates with, so the document
 * cannot drift from what the API accepts.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono pattern, e.g. `/api/tasks/:taskId`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** Path parameters; a `:name` without a schema is documented as a string. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Responses besides the error answers every route of its kind has (400, 401, 429). */
  responses: Record<number, string>;
  /** The success answer is an HTML page, not JSON. */
  html?: boolean;
}

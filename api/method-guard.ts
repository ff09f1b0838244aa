import type { Env, Handler, Hono } from 'hono';
import { routePath } from 'hono/route';
import { errorBody } from './errors';

const ALL = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The 405 answerers, so route listings (the OpenAPI check) can tell them from real operations. */
const guards = new WeakSet<Handler>();
export const isMethodGuard = (handler: unknown): boolean =>
  typeof handler === 'function' && guards.has(handler as Handler);

/**
 * Answers 405 naming the allowed method, instead of a bare 404, for the other methods on `path`.
 * The message names the full pattern (`/api/tasks/:taskId`), wherever the module is mounted.
 */
export function onlyMethods<E extends Env>(app: Hono<E>, path: string, allowed: readonly (typeof ALL)[number][]): void {
  const others = ALL.filter((m) => !allowed.includes(m));
  const guard: Handler = (c) => {
    c.header('Allow', allowed.join(', '));
    return c.json(errorBody('method_not_allowed', `Use ${allowed.join(' or ')} for ${routePath(c)}`), 405);
  };
  guards.add(guard);
  app.on(others as unknown as string[], path, guard);
}

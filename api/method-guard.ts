import type { Hono } from 'hono';
import { errorBody } from './errors';

const ALL = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Answers 405 naming the allowed method, instead of a bare 404, for the other methods on `path`. */
export function onlyMethods(app: Hono, path: string, allowed: readonly (typeof ALL)[number][]): void {
  const others = ALL.filter((m) => !allowed.includes(m));
  app.on(others as unknown as string[], path, (c) => {
    c.header('Allow', allowed.join(', '));
    return c.json(errorBody('method_not_allowed', `Use ${allowed.join(' or ')} for ${path}`), 405);
  });
}

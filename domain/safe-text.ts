import { type z } from 'zod';

/**
 * Text PostgreSQL cannot store (NUL) or that is not valid UTF-16/UTF-8 (a lone surrogate).
 * Either one made a query fail after the request was accepted; they are refused or removed at every edge.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const UNSAFE_TEXT_GLOBAL = new RegExp(UNSAFE_TEXT.source, 'gu');

export const UNSAFE_TEXT_MESSAGE = 'contains a NUL character or a lone surrogate';

export const isSafeText = (s: string): boolean => !UNSAFE_TEXT.test(s);

/** Removes NUL characters and lone surrogates (for text a provider signed: it cannot be sent back). */
export const stripUnsafeText = (s: string): string => s.replace(UNSAFE_TEXT_GLOBAL, '');

/** The shared zod refinement: `safeText(z.string().max(200))`. */
export const safeText = <T extends z.ZodType<string>>(schema: T) =>
  schema.refine(isSafeText, { message: UNSAFE_TEXT_MESSAGE });

const MAX_DEPTH = 64;

/** Path (`a.b[0]`) of the first string (key or value) with unsafe text in a parsed JSON value, if any. */
export function findUnsafeText(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): (string | number)[] | undefined {
  if (typeof value === 'string') return isSafeText(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnsafeText(value[i], [...path, i], depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isSafeText(k)) return [...path, stripUnsafeText(k)];
    const hit = findUnsafeText(v, [...path, k], depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** A copy of a plain JSON-like value with unsafe text removed from every string and key (other objects kept as they are). */
export function stripUnsafeDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return stripUnsafeText(value) as T;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => stripUnsafeDeep(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[stripUnsafeText(k)] = stripUnsafeDeep(v, depth + 1);
  return out as T;
}

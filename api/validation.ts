import type { Context } from 'hono';
import type { z } from 'zod';
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../domain/safe-text';
import { badRequest, fieldErrors, type FieldIssue } from './errors';

/** `a.b[0]` style path of a zod issue, so the caller sees which field is wrong. */
function fieldName(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ) || '(body)'
  );
}

function fail(where: string, issues: FieldIssue[]): never {
  throw fieldErrors(where, issues);
}

/**
 * Every text field of every body, query and path is checked here first, whatever its schema says:
 * NUL and lone surrogates cannot be stored, so they are a 400 naming the field, never a failed query.
 */
export function validate<T extends z.ZodTypeAny>(schema: T, input: unknown, where = 'body'): z.infer<T> {
  const unsafe = findUnsafeText(input);
  if (unsafe) fail(where, [{ field: fieldName(unsafe), message: UNSAFE_TEXT_MESSAGE }]);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  return fail(
    where,
    parsed.error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })),
  );
}

/** Reads and validates a JSON body; malformed JSON is a 400 that says so. */
export async function parseJsonBody<T extends z.ZodTypeAny>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw badRequest('invalid_json', `Request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  return validate(schema, json);
}

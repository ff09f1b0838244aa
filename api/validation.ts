import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from './errors';

/** `a.b[0]` style path of a zod issue, so the caller sees which field is wrong. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(body)';
}

export function validate<T extends z.ZodTypeAny>(schema: T, input: unknown, where = 'body'): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: fieldName(i.path), message: i.message }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw badRequest('validation_failed', `Invalid ${where}: ${summary}`, { issues });
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

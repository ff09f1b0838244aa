import { z } from 'zod';

/** Where the next page starts: the last row's creation time and id (lists seek on `(created_at, id)`). */
export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

/** The opaque cursor a list answers as `nextCursor`. */
export const encodeCursor = (createdAt: Date, id: string): string =>
  Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

/** The cursor back, or undefined when it is not one of ours. */
export function decodeCursor(raw: string): KeysetCursor | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    return typeof id === 'string' && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}

/** The `cursor` query field, decoded while validating so a forged cursor is a 400 naming `cursor`. */
export const cursorQueryField = z
  .string()
  .max(500)
  .transform((raw, zctx) => {
    const cursor = decodeCursor(raw);
    if (!cursor) zctx.addIssue({ code: 'custom', message: 'not a cursor returned by this API' });
    return cursor ?? z.NEVER;
  })
  .optional();

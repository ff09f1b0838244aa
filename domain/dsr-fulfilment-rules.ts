import { z } from 'zod';

/**
 * Names shared by the erasure and rectification activities and the DSR workflow (which may match on
 * the failure types): the failures that retrying cannot heal, and the retention period.
 */

/** The ticket names no confirmed person (the lookup answered nothing): nothing to erase or correct. */
export const DSR_SUBJECT_NOT_FOUND = 'dsr_subject_not_found';
/** The corrections asked for are not valid values (the message names the field). */
export const INVALID_RECTIFICATION = 'invalid_rectification';
/** The corrected email already belongs to another client. */
export const RECTIFICATION_CONFLICT = 'rectification_conflict';

/** The end of the legal retention period of what an erasure keeps (Art. 17(3)(b)). */
export function retentionEnd(erasedAt: Date, years: number): Date {
  const end = new Date(erasedAt.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

/** What a rectification may set: a name and a well-formed email (stored lower-case), at least one of them. */
export const rectificationChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(254).toLowerCase().optional(),
  })
  .strict()
  .refine((c) => c.name !== undefined || c.email !== undefined, { message: 'name or email is required' });

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, fieldError, fieldErrors } from '../../api/errors';
import { validate } from '../../api/validation';

/** The error a call throws, for comparing the hand-built 400 with validate()'s. */
function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('fieldError: the one 400 that names a field', () => {
  it('says where and which field in the message, and lists the issue in details', () => {
    const err = fieldError('body', 'end', 'the range holds too many runs');
    expect({ status: err.status, code: err.code, message: err.message, details: err.details }).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid body: end: the range holds too many runs',
      details: { issues: [{ field: 'end', message: 'the range holds too many runs' }] },
    });
  });

  it('keeps extra details beside the issues (what remains to refund)', () => {
    expect(fieldError('body', 'amount', 'exceeds what remains', { remainingCents: 600 }).details).toEqual({
      issues: [{ field: 'amount', message: 'exceeds what remains' }],
      remainingCents: 600,
    });
  });

  it('is the shape validate() throws for a schema failure, several fields joined', () => {
    const schema = z.object({ from: z.string(), limit: z.number() });
    const fromSchema = thrown(() => validate(schema, { from: 1, limit: 'x' }, 'query'));
    const byHand = fieldErrors('query', [
      { field: 'from', message: 'Invalid input: expected string, received number' },
      { field: 'limit', message: 'Invalid input: expected number, received string' },
    ]);
    expect({ message: fromSchema.message, details: fromSchema.details }).toEqual({
      message: byHand.message,
      details: byHand.details,
    });
    expect(byHand.message).toBe(
      'Invalid query: from: Invalid input: expected string, received number; limit: Invalid input: expected number, received string',
    );
  });
});

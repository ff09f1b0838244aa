import { describe, expect, it } from 'vitest';
import { keysMatch } from '../../api/middleware/dash-auth';

describe('keysMatch', () => {
  it('accepts only the exact key, whatever the lengths', () => {
    expect(keysMatch('abc-key-123', 'abc-key-123')).toBe(true);
    expect(keysMatch('abc-key-12', 'abc-key-123')).toBe(false);
    expect(keysMatch('', 'abc-key-123')).toBe(false);
    expect(keysMatch('abc-key-1234', 'abc-key-123')).toBe(false);
  });
});

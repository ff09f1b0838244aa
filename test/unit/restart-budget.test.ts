import { describe, expect, it } from 'vitest';
import { restartBudget } from '../../infra/system/restart-budget';

describe('restart budget', () => {
  it('doubles the pause from the first, capped, and refuses after max restarts within the window', () => {
    const b = restartBudget({ max: 4, windowMs: 60_000, firstDelayMs: 1_000, maxDelayMs: 3_000 });
    expect([b.next(0), b.next(1), b.next(2), b.next(3)]).toEqual([1_000, 2_000, 3_000, 3_000]);
    expect(b.next(4)).toBeUndefined();
    expect(b.next(59_999)).toBeUndefined();
  });

  it('forgets restarts older than the window, and starts the pauses over', () => {
    const b = restartBudget({ max: 2, windowMs: 10_000, firstDelayMs: 500 });
    expect([b.next(0), b.next(5_000)]).toEqual([500, 1_000]);
    expect(b.next(9_999)).toBeUndefined();
    expect(b.next(10_000)).toBe(1_000); // the one at 0 left the window; the one at 5 000 still counts
    expect(b.next(25_000)).toBe(500);
  });

  it('defaults: 5 restarts in 10 minutes, from 1 s', () => {
    const b = restartBudget();
    const pauses = [0, 1, 2, 3, 4].map((t) => b.next(t));
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(b.next(5)).toBeUndefined();
  });
});

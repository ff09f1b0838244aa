import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PACE_FACTOR } from '../../domain/llm-limits';
import type { Database } from '../../infra/db/open-database';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { RATE_SCALE_DOWN, RATE_SCALE_FLOOR, RATE_SCALE_UP, createLlmPacer } from '../../infra/llm/llm-pacer';
import { openTestDatabase } from '../support/test-database';

const LIMITS = { rpm: 600 }; // 10/s: one slot every 100 / PACE_FACTOR ms
const MODEL = 'gpt-4o';

describe('LLM pacer: strict spacing and what a 429 teaches it (real database)', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const scaleOf = async (d: Database) =>
    Number(
      (await sqlRows<{ s: number }>(d.db, sql`SELECT rate_scale AS s FROM llm_pacer WHERE model = ${MODEL}`))[0]?.s,
    );
  const slots = async (pacer: ReturnType<typeof createLlmPacer>, n: number) => {
    const at: number[] = [];
    for (let i = 0; i < n; i++) {
      const d = await pacer.acquire(MODEL, 1, LIMITS);
      if (!d.ok) throw new Error('paced back within the horizon');
      at.push(d.slotAt);
    }
    return at.slice(1).map((t, i) => t - at[i]!);
  };

  it('books calls one interval apart, with no burst at the start', async () => {
    database = await openTestDatabase();
    const gaps = await slots(createLlmPacer(database.db), 6);
    for (const g of gaps) expect(g).toBeCloseTo(100 / PACE_FACTOR, 0);
  });

  it('a 429 lowers the rate once per booking round; answered calls raise it back to the limit', async () => {
    database = await openTestDatabase();
    const pacer = createLlmPacer(database.db);
    const first = await pacer.acquire(MODEL, 1, LIMITS);
    const second = await pacer.acquire(MODEL, 1, LIMITS);
    if (!first.ok || !second.ok) throw new Error('paced back');
    await pacer.slowDown(MODEL, first.bookedAt);
    // The second call was booked before the cut: its 429 is the same lesson and does not cut again.
    await pacer.slowDown(MODEL, second.bookedAt);
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_DOWN, 6);
    const gaps = await slots(pacer, 3);
    expect(gaps.at(-1)).toBeCloseTo(100 / (PACE_FACTOR * RATE_SCALE_DOWN), 0);
    // A call booked after the cut and still refused cuts again, never below the floor.
    for (let i = 0; i < 20; i++) {
      const d = await pacer.acquire(MODEL, 1, { rpm: 600_000 });
      if (!d.ok) throw new Error('paced back');
      await pacer.slowDown(MODEL, d.bookedAt);
    }
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_FLOOR, 6);
    await pacer.settle(MODEL, 0, LIMITS);
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_FLOOR + RATE_SCALE_UP, 6);
    for (let i = 0; i < Math.ceil((1 - RATE_SCALE_FLOOR) / RATE_SCALE_UP) + 5; i++)
      await pacer.settle(MODEL, 0, LIMITS);
    expect(await scaleOf(database)).toBe(1);
  });
});

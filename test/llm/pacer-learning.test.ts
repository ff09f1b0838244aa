import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PACE_FACTOR } from '../../domain/llm-limits';
import type { Database } from '../../infra/db/open-database';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import {
  RATE_SCALE_DOWN,
  RATE_SCALE_DOWN_AGAIN,
  RATE_SCALE_FLOOR,
  RATE_SCALE_QUIET_MS,
  RATE_SCALE_RESTORE,
  RATE_SCALE_UP,
  createLlmPacer,
} from '../../infra/llm/llm-pacer';
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

  /** The last cut as if it happened `agoMs` ago: a quiet spell without waiting for one. */
  const lastCutAgo = (d: Database, agoMs: number) =>
    d.db.execute(
      sql`UPDATE llm_pacer SET scaled_at = statement_timestamp() - (${agoMs}::double precision * interval '1 millisecond') WHERE model = ${MODEL}`,
    );
  const bookAndCut = async (pacer: ReturnType<typeof createLlmPacer>) => {
    const d = await pacer.acquire(MODEL, 1, { rpm: 600_000 });
    if (!d.ok) throw new Error('paced back');
    await pacer.slowDown(MODEL, d.bookedAt);
  };

  it('a 429 round after a quiet spell cuts gently; another round soon after cuts harder', async () => {
    database = await openTestDatabase();
    const pacer = createLlmPacer(database.db);
    await bookAndCut(pacer);
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_DOWN, 6);
    await bookAndCut(pacer); // the rate itself is too high: the last cut was just now
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_DOWN * RATE_SCALE_DOWN_AGAIN, 6);
    await lastCutAgo(database, RATE_SCALE_QUIET_MS + 1_000);
    await bookAndCut(pacer); // bunched calls after a quiet spell: gently again
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_DOWN * RATE_SCALE_DOWN_AGAIN * RATE_SCALE_DOWN, 6);
  });

  it('once a quiet spell passed with no cut, a few answered calls bring the rate back to the limit', async () => {
    database = await openTestDatabase();
    const pacer = createLlmPacer(database.db);
    for (let i = 0; i < 20; i++) await bookAndCut(pacer);
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_FLOOR, 6);
    // Within the quiet spell the cut stands: an answered call gives back only RATE_SCALE_UP.
    await pacer.settle(MODEL, 0, LIMITS);
    expect(await scaleOf(database)).toBeCloseTo(RATE_SCALE_FLOOR + RATE_SCALE_UP, 6);
    await lastCutAgo(database, RATE_SCALE_QUIET_MS + 1_000);
    const before = await scaleOf(database);
    await pacer.settle(MODEL, 0, LIMITS);
    expect(await scaleOf(database)).toBeCloseTo(before + (1 - before) * RATE_SCALE_RESTORE, 6);
    let calls = 1;
    while ((await scaleOf(database)) < 1) {
      await pacer.settle(MODEL, 0, LIMITS);
      calls++;
    }
    // +RATE_SCALE_UP per call would take (1 - floor) / RATE_SCALE_UP ≈ 330 answered calls.
    expect(calls).toBeLessThanOrEqual(40);
    const gaps = await slots(pacer, 3);
    expect(gaps.at(-1)).toBeCloseTo(100 / PACE_FACTOR, 0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advisePricing,
  adviseRate,
  maxStepCents,
  priceFloorCents,
  type PricingInputs,
  type PricingRules,
} from '../../domain/price-advice';
import { planInputs } from '../../domain/price-plans';

const rules: PricingRules = { targetMarginPct: 40, maxStepPct: 10, minTasks: 20 };

function inputs(over: Partial<PricingInputs> = {}): PricingInputs {
  return {
    subjectKind: 'client',
    subjectId: 'acme',
    lookbackDays: 30,
    billedTasks: 40,
    failedTasks: 0,
    lowQaTasks: 0,
    attempts: 40,
    qaAvg: 90,
    textTasks: 40,
    textCostMicroUsd: 40 * 50_000, // $0.05 per task
    mediaMinutes: 0,
    mediaCostMicroUsd: 0,
    paidCents: 0,
    refundedCents: 0,
    current: { rateCentsPerMin: 500, pricePerTaskCents: 100 },
    ...over,
  };
}

describe('pricing core: price floor', () => {
  it('is cost × (1 + target margin), rounded up to a whole cent', () => {
    expect(priceFloorCents(50_000, 40)).toBe(7); // $0.05 × 1.4 = $0.07
    expect(priceFloorCents(50_001, 40)).toBe(8); // $0.0700014 → 8 cents
    expect(priceFloorCents(100_000, 0)).toBe(10);
  });
  it('is grossed up for the refunded share', () => {
    expect(priceFloorCents(100_000, 40, 0.3)).toBe(20); // 14 / 0.7
  });
  it('the whole advice raises a price under the floor only to the floor when the step allows', () => {
    const a = advisePricing(inputs({ current: { rateCentsPerMin: 500, pricePerTaskCents: 7 } }), rules);
    expect(a.perTask).toMatchObject({ current: 7, floor: 7, recommended: 7, costMicroUsd: 50_000 });
    expect(a.decision).toBe('keep');
  });
});

describe('pricing core: bounded steps', () => {
  it('raises toward the floor by at most PRICING_MAX_STEP_PCT of the current price', () => {
    // cost $1.00/task → floor $1.40; current $1.00 → +10 % = $1.10, not the floor.
    const a = advisePricing(
      inputs({ textCostMicroUsd: 40 * 1_000_000, current: { rateCentsPerMin: 500, pricePerTaskCents: 100 } }),
      rules,
    );
    expect(a.decision).toBe('raise');
    expect(a.perTask).toMatchObject({ floor: 140, recommended: 110 });
    expect(a.reason).toContain('step limited to 10%');
  });
  it('lowers a price of at least twice the floor by one bounded step, never under the floor', () => {
    const a = advisePricing(inputs({ current: { rateCentsPerMin: 500, pricePerTaskCents: 100 } }), rules);
    expect(a.perTask).toMatchObject({ floor: 7, recommended: 90 });
    expect(a.decision).toBe('lower');
  });
  it('moves at least one cent', () => {
    expect(maxStepCents(3, 10)).toBe(1);
    expect(adviseRate('task', 3, { units: 1, costMicroUsd: 1_000_000 }, rules, 0)).toMatchObject({ recommended: 4 });
  });
  it('leaves a rate of 0 (not billed that way) at 0 and says so', () => {
    const a = adviseRate('task', 0, { units: 10, costMicroUsd: 100_000 }, rules, 0);
    expect(a).toMatchObject({ recommended: 0, floor: 2 });
    expect(a.note).toContain('not billed per task');
  });
});

describe('pricing core: thin data', () => {
  it('changes nothing under PRICING_MIN_TASKS billed tasks and gives the reason', () => {
    const a = advisePricing(inputs({ billedTasks: 19, textCostMicroUsd: 19 * 5_000_000 }), rules);
    expect(a.decision).toBe('insufficient_data');
    expect(a.perTask.recommended).toBe(100);
    expect(a.perMinute.recommended).toBe(500);
    expect(a.reason).toBe(
      'not enough data: 19 billed task(s) in the last 30 days, at least 20 needed; rates unchanged',
    );
  });
  it('a subject with no history at all is "not enough data", not an error', () => {
    const a = advisePricing(
      inputs({ billedTasks: 0, textTasks: 0, textCostMicroUsd: 0, attempts: 0, qaAvg: null }),
      rules,
    );
    expect(a.decision).toBe('insufficient_data');
    expect(a.reason).toMatch(/^not enough data: 0 billed task/);
  });
});

describe('pricing core: rework, refunds and plans', () => {
  it('failed tasks and extra attempts raise the cost per billed task', () => {
    // 20 billed + 20 failed text tasks, each $0.05: cost per billed task is $0.10 → floor 14 cents.
    const a = advisePricing(
      inputs({
        billedTasks: 20,
        failedTasks: 20,
        textTasks: 20,
        attempts: 80,
        current: { rateCentsPerMin: 500, pricePerTaskCents: 10 },
      }),
      rules,
    );
    expect(a.perTask).toMatchObject({ costMicroUsd: 100_000, floor: 14, recommended: 11 });
    expect(a.reason).toContain('2.00 attempts per task');
  });
  it('a plan sums its clients and takes the rates most of them pay', () => {
    const a = { ...inputs({ subjectId: 'a' }), plan: 'pro' };
    const b = { ...inputs({ subjectId: 'b', billedTasks: 10, textTasks: 10, textCostMicroUsd: 10 }), plan: 'pro' };
    const c = { ...inputs({ subjectId: 'c', current: { rateCentsPerMin: 400, pricePerTaskCents: 90 } }), plan: 'pro' };
    const d = { ...inputs({ subjectId: 'd' }), plan: 'standard' };
    const plans = planInputs([a, b, c, d]);
    expect(plans.map((p) => p.subjectId)).toEqual(['pro', 'standard']);
    expect(plans[0]).toMatchObject({
      subjectKind: 'plan',
      billedTasks: 90,
      textTasks: 90,
      textCostMicroUsd: 2 * 40 * 50_000 + 10,
      current: { rateCentsPerMin: 500, pricePerTaskCents: 100 },
      qaAvg: 90,
    });
  });
});

describe('pricing core: properties (fast-check)', () => {
  const arbRules = fc.record({
    targetMarginPct: fc.integer({ min: 0, max: 500 }),
    maxStepPct: fc.integer({ min: 1, max: 100 }),
    minTasks: fc.integer({ min: 1, max: 100 }),
  });
  const arbUsage = fc.record({
    units: fc.integer({ min: 1, max: 100_000 }),
    costMicroUsd: fc.integer({ min: 0, max: 1_000_000_000 }),
  });
  const arbCurrent = fc.integer({ min: 1, max: 1_000_000 });
  const arbRefund = fc.double({ min: 0, max: 0.5, noNaN: true });

  it('never moves a rate by more than the bounded step', () => {
    fc.assert(
      fc.property(arbRules, arbUsage, arbCurrent, arbRefund, (r, u, cur, ref) => {
        const a = adviseRate('task', cur, u, r, ref);
        expect(Math.abs(a.recommended - cur)).toBeLessThanOrEqual(maxStepCents(cur, r.maxStepPct));
      }),
    );
  });
  it('never recommends a price under the floor unless the current one already is (then it only rises)', () => {
    fc.assert(
      fc.property(arbRules, arbUsage, arbCurrent, arbRefund, (r, u, cur, ref) => {
        const a = adviseRate('task', cur, u, r, ref);
        if (cur >= a.floor!) expect(a.recommended).toBeGreaterThanOrEqual(a.floor!);
        else {
          expect(a.recommended).toBeGreaterThan(cur);
          expect(a.recommended).toBeLessThanOrEqual(a.floor!);
        }
      }),
    );
  });
  it('the floor keeps the target margin over cost after refunds', () => {
    fc.assert(
      fc.property(arbRules, arbUsage, arbRefund, (r, u, ref) => {
        const cost = Math.round(u.costMicroUsd / u.units);
        const floor = priceFloorCents(cost, r.targetMarginPct, ref);
        // kept revenue per unit (micro-USD) ≥ cost × (1 + margin), within rounding of a micro-dollar
        expect(floor * 10_000 * (1 - ref)).toBeGreaterThanOrEqual(cost * (1 + r.targetMarginPct / 100) - 1e-3);
      }),
    );
  });
  it('applying recommendations repeatedly reaches the floor and then stays', () => {
    fc.assert(
      fc.property(arbRules, arbUsage, arbCurrent, (r, u, start) => {
        let cur = start;
        for (let i = 0; i < 2000; i++) {
          const next = adviseRate('task', cur, u, r, 0).recommended;
          if (next === cur) break;
          cur = next;
        }
        const a = adviseRate('task', cur, u, r, 0);
        expect(a.recommended).toBe(cur);
        expect(cur).toBeGreaterThanOrEqual(a.floor!);
      }),
    );
  });
  it('thin data never changes a rate', () => {
    fc.assert(
      fc.property(arbRules, fc.integer({ min: 0, max: 99 }), arbCurrent, arbCurrent, (r, billed, price, rate) => {
        fc.pre(billed < r.minTasks);
        const a = advisePricing(
          inputs({ billedTasks: billed, current: { rateCentsPerMin: rate, pricePerTaskCents: price } }),
          r,
        );
        expect(a.decision).toBe('insufficient_data');
        expect([a.perTask.recommended, a.perMinute.recommended]).toEqual([price, rate]);
      }),
    );
  });
});

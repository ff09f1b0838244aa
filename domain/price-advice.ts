// Pricing AI's deterministic core (README "Pricing AI"): the numbers come from here, never from a model.
// Pure code without zod or Node built-ins: the pricing-ai workflow calls it directly.
import { formatCents } from './money';

export interface PricingRules {
  /** Margin the price must leave over cost, % of cost (PRICING_TARGET_MARGIN_PCT). */
  targetMarginPct: number;
  /** Largest change of one rate in one recommendation, % of the current rate (PRICING_MAX_STEP_PCT). */
  maxStepPct: number;
  /** Fewer billed tasks than this in the window: no change (PRICING_MIN_TASKS). */
  minTasks: number;
}

export type PricingSubjectKind = 'client' | 'plan';

/** What one client's or plan's work cost and earned in the look-back window. */
export interface PricingInputs {
  subjectKind: PricingSubjectKind;
  subjectId: string;
  lookbackDays: number;
  /** Finished tasks (done or low_qa): the ones that are billed. */
  billedTasks: number;
  failedTasks: number;
  lowQaTasks: number;
  /** Generation attempts of all tasks: attempts beyond one per task are QA rework. */
  attempts: number;
  qaAvg: number | null;
  /** Billed text tasks, and the LLM cost of every text task (failed ones too: their cost is real). */
  textTasks: number;
  textCostMicroUsd: number;
  /** Started minutes of billed media tasks, and the whole cost (transcription + LLM) of every media task. */
  mediaMinutes: number;
  mediaCostMicroUsd: number;
  paidCents: number;
  refundedCents: number;
  current: { rateCentsPerMin: number; pricePerTaskCents: number };
}

export type PricingDecision = 'raise' | 'lower' | 'mixed' | 'keep' | 'insufficient_data';

export interface RateAdvice {
  current: number;
  recommended: number;
  /** Cents per unit the price must reach to keep the target margin; null when the unit had no usage. */
  floor: number | null;
  /** Cost per unit in micro-USD; null without usage. */
  costMicroUsd: number | null;
  note: string;
}

export interface PricingAdvice {
  subjectKind: PricingSubjectKind;
  subjectId: string;
  decision: PricingDecision;
  perTask: RateAdvice;
  perMinute: RateAdvice;
  /** The computed reason, complete on its own (the model only rewords it). */
  reason: string;
  inputs: PricingInputs;
}

/** Refunds eat into revenue; capped so one bad month cannot push the floor to infinity. */
const MAX_REFUND_SHARE = 0.5;

export function refundShare(i: Pick<PricingInputs, 'paidCents' | 'refundedCents'>): number {
  if (i.paidCents <= 0) return 0;
  return Math.min(MAX_REFUND_SHARE, Math.max(0, i.refundedCents / i.paidCents));
}

/** floor = cost × (1 + target margin), grossed up for the share refunded, rounded up to a whole cent. */
export function priceFloorCents(costMicroUsdPerUnit: number, targetMarginPct: number, refunded = 0): number {
  const cents = (costMicroUsdPerUnit / 10_000) * (1 + targetMarginPct / 100);
  return Math.ceil(cents / (1 - refunded) - 1e-9);
}

/** The most one recommendation may move a rate: maxStepPct of it, at least one cent. */
export const maxStepCents = (current: number, maxStepPct: number) =>
  Math.max(1, Math.floor((current * maxStepPct) / 100));

const money = (c: number) => `$${formatCents(c)}`;

/** One rate: up toward the floor, down when it is at least twice the floor, each by a bounded step. */
export function adviseRate(
  unit: 'task' | 'minute',
  current: number,
  usage: { units: number; costMicroUsd: number },
  rules: PricingRules,
  refunded: number,
): RateAdvice {
  if (usage.units <= 0)
    return { current, recommended: current, floor: null, costMicroUsd: null, note: `no ${unit} usage` };
  const cost = Math.round(usage.costMicroUsd / usage.units);
  const floor = priceFloorCents(cost, rules.targetMarginPct, refunded);
  const base = { current, floor, costMicroUsd: cost };
  if (current <= 0)
    return { ...base, recommended: current, note: `not billed per ${unit} (rate 0); floor would be ${money(floor)}` };
  const step = maxStepCents(current, rules.maxStepPct);
  if (current < floor) {
    const recommended = Math.min(floor, current + step);
    const bounded = recommended < floor ? ` (step limited to ${rules.maxStepPct}%)` : '';
    return {
      ...base,
      recommended,
      note: `per ${unit} ${money(current)} is under the floor ${money(floor)}: raise to ${money(recommended)}${bounded}`,
    };
  }
  if (current >= 2 * floor && floor > 0) {
    const recommended = Math.max(floor, current - step);
    return {
      ...base,
      recommended,
      note: `per ${unit} ${money(current)} is at least twice the floor ${money(floor)}: lower to ${money(recommended)}`,
    };
  }
  return {
    ...base,
    recommended: current,
    note: `per ${unit} ${money(current)} keeps the target margin (floor ${money(floor)})`,
  };
}

function decisionOf(a: RateAdvice[]): PricingDecision {
  const up = a.some((r) => r.recommended > r.current);
  const down = a.some((r) => r.recommended < r.current);
  return up && down ? 'mixed' : up ? 'raise' : down ? 'lower' : 'keep';
}

/** The recommendation for one client or plan; thin data changes nothing and says so. */
export function advisePricing(i: PricingInputs, rules: PricingRules): PricingAdvice {
  const { rateCentsPerMin, pricePerTaskCents } = i.current;
  const keep = (rate: number, unit: string): RateAdvice => ({
    current: rate,
    recommended: rate,
    floor: null,
    costMicroUsd: null,
    note: `per ${unit} unchanged`,
  });
  if (i.billedTasks < rules.minTasks) {
    const reason = `not enough data: ${i.billedTasks} billed task(s) in the last ${i.lookbackDays} days, at least ${rules.minTasks} needed; rates unchanged`;
    return {
      subjectKind: i.subjectKind,
      subjectId: i.subjectId,
      decision: 'insufficient_data',
      perTask: keep(pricePerTaskCents, 'task'),
      perMinute: keep(rateCentsPerMin, 'minute'),
      reason,
      inputs: i,
    };
  }
  const refunded = refundShare(i);
  const perTask = adviseRate(
    'task',
    pricePerTaskCents,
    { units: i.textTasks, costMicroUsd: i.textCostMicroUsd },
    rules,
    refunded,
  );
  const perMinute = adviseRate(
    'minute',
    rateCentsPerMin,
    { units: i.mediaMinutes, costMicroUsd: i.mediaCostMicroUsd },
    rules,
    refunded,
  );
  const finished = i.billedTasks + i.failedTasks;
  const rework = finished > 0 ? i.attempts / finished : 0;
  const facts = [
    `${i.billedTasks} billed task(s) in ${i.lookbackDays} days`,
    `${rework.toFixed(2)} attempts per task`,
    `QA average ${i.qaAvg === null ? 'n/a' : i.qaAvg.toFixed(1)}`,
    `refunds ${(refunded * 100).toFixed(1)}% of paid`,
    `target margin ${rules.targetMarginPct}%`,
  ].join(', ');
  const reason = `${facts}. ${perTask.note}; ${perMinute.note}.`;
  return {
    subjectKind: i.subjectKind,
    subjectId: i.subjectId,
    decision: decisionOf([perTask, perMinute]),
    perTask,
    perMinute,
    reason,
    inputs: i,
  };
}

/** Just the rules out of a larger settings object (config.intel), as the workflow input carries them. */
export const pricingRulesOf = (s: PricingRules): PricingRules => ({
  targetMarginPct: s.targetMarginPct,
  maxStepPct: s.maxStepPct,
  minTasks: s.minTasks,
});

import { z } from 'zod';

/**
 * Per-model prices in USD: per 1M input and output tokens for chat models, per minute for
 * transcription. Public list prices at the time of writing; override with LLM_PRICES.
 */
export const modelPriceSchema = z.union([
  z.object({ inputPer1M: z.number().nonnegative(), outputPer1M: z.number().nonnegative() }).strict(),
  z.object({ perMinute: z.number().nonnegative() }).strict(),
]);
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export const priceTableSchema = z.record(z.string().min(1), modelPriceSchema);
export type PriceTable = z.infer<typeof priceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { inputPer1M: 2.5, outputPer1M: 10 },
  'gpt-4o-mini': { inputPer1M: 0.15, outputPer1M: 0.6 },
  'whisper-1': { perMinute: 0.006 },
  'gpt-4o-transcribe': { perMinute: 0.006 },
  'gpt-4o-mini-transcribe': { perMinute: 0.003 },
};

/** Defaults overlaid with the configured overrides (an override replaces a model's whole entry). */
export const mergePrices = (overrides: PriceTable = {}): PriceTable => ({ ...DEFAULT_PRICES, ...overrides });

/** USD → integer micro-USD, rounded once at the edge of the table. */
const micro = (usd: number) => Math.round(usd * 1_000_000);

/**
 * The price entry of a model: exact name first, then the longest known prefix, so dated snapshots
 * (`gpt-4o-2024-08-06`) price like their family. Unknown models cost 0 and are flagged by callers.
 */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  if (table[model]) return table[model];
  const prefix = Object.keys(table)
    .filter((k) => model.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix] : undefined;
}

/** Chat cost in integer micro-USD; the integer product keeps sums exact. */
export function tokenCostMicroUsd(table: PriceTable, model: string, inputTokens: number, outputTokens: number): number {
  const p = priceFor(table, model);
  if (!p || !('inputPer1M' in p)) return 0;
  // micro-USD per 1M tokens × tokens / 1M, rounded half up once.
  const numerator = inputTokens * micro(p.inputPer1M) + outputTokens * micro(p.outputPer1M);
  return Math.round(numerator / 1_000_000);
}

/** Transcription cost in integer micro-USD, billed per started second. */
export function minuteCostMicroUsd(table: PriceTable, model: string, seconds: number): number {
  const p = priceFor(table, model);
  if (!p || !('perMinute' in p)) return 0;
  return Math.round((Math.ceil(seconds) * micro(p.perMinute)) / 60);
}

/** What a client is billed for media: started minutes × DEFAULT_RATE_USD_PER_MIN, in micro-USD. */
export function mediaChargeMicroUsd(seconds: number, ratePerMinUsd: number): number {
  return Math.ceil(seconds / 60) * micro(ratePerMinUsd);
}

import { z } from 'zod';

/** A model's provider limits: requests and tokens per minute (either may be unknown). */
export interface ModelLimits {
  rpm?: number;
  tpm?: number;
}

/** `LLM_RATE_LIMITS`: {"gpt-4o": {"rpm": 500, "tpm": 30000}, …}; an issue's path names the model. */
export const rateLimitsSchema = z.record(
  z.string().min(1),
  z.object({ rpm: z.number().int().positive().optional(), tpm: z.number().int().positive().optional() }).strict(),
);
export type RateLimits = z.infer<typeof rateLimitsSchema>;

/** Pace at this share of the limit: the provider's window and ours never line up exactly. */
export const PACE_FACTOR = 0.97;

/** The limits to pace a model at: configured (per model, else the defaults) and learned, the lower of each. */
export function effectiveLimits(configured: ModelLimits, learned: ModelLimits): ModelLimits {
  const low = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  return { rpm: low(configured.rpm, learned.rpm), tpm: low(configured.tpm, learned.tpm) };
}

/** The configured limits of `model`: its LLM_RATE_LIMITS entry over LLM_RPM / LLM_TPM. */
export const configuredLimits = (limits: RateLimits, defaults: ModelLimits, model: string): ModelLimits => ({
  rpm: limits[model]?.rpm ?? defaults.rpm,
  tpm: limits[model]?.tpm ?? defaults.tpm,
});

/** Limits the provider states in its x-ratelimit-limit-* headers (OpenAI, Azure, vLLM with a gateway). */
export function limitsFromHeaders(get: (name: string) => string | null): ModelLimits {
  const n = (name: string) => {
    const v = Number(get(name));
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
  };
  return { rpm: n('x-ratelimit-limit-requests'), tpm: n('x-ratelimit-limit-tokens') };
}

/** OpenAI's reset durations ("1s", "6m0s", "20ms", "1h2m3.5s") in ms; undefined when unreadable. */
export function resetMs(raw: string | null): number | undefined {
  if (!raw) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched += m[0];
  }
  return matched === raw.trim() && matched ? Math.round(total) : undefined;
}

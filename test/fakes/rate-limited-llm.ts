import type { FakeReply, OpenAiFake } from './openai-fake';

export interface RateLimitLog {
  at: number;
  model: string;
  limited: boolean;
}

/**
 * Makes the fake enforce a provider limit per model, as OpenAI does: at most `perSecond` calls in
 * each one-second window; beyond it a 429 with retry-after-ms and x-ratelimit-* headers. Every
 * answer states the limit (`advertisedRpm`, default perSecond × 60), which the platform may learn.
 */
export function enforceRateLimit(llm: OpenAiFake, opts: { perSecond: number; advertisedRpm?: () => number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const log: RateLimitLog[] = [];
  for (const kind of ['generate', 'qa'] as const) {
    const base = llm.defaults[kind];
    llm.defaults[kind] = (call, n): FakeReply => {
      const now = Date.now();
      const w = windows.get(call.model);
      const win = w && now - w.start < 1000 ? w : { start: now, count: 0 };
      windows.set(call.model, win);
      const rpm = String(opts.advertisedRpm?.() ?? opts.perSecond * 60);
      const resetInMs = Math.max(1, win.start + 1000 - now);
      const limited = win.count >= opts.perSecond;
      log.push({ at: now, model: call.model, limited });
      const headers = {
        'x-ratelimit-limit-requests': rpm,
        'x-ratelimit-remaining-requests': String(Math.max(0, opts.perSecond - win.count - (limited ? 0 : 1))),
        'x-ratelimit-reset-requests': `${resetInMs}ms`,
      };
      if (limited)
        return {
          status: 429,
          message: `Rate limit reached for ${call.model} on requests per second`,
          type: 'requests',
          code: 'rate_limit_exceeded',
          headers: { ...headers, 'retry-after-ms': String(resetInMs) },
        };
      win.count++;
      const r = base(call, n);
      return 'content' in r ? { ...r, headers: { ...headers, ...r.headers } } : r;
    };
  }
  return {
    log,
    /** Calls that arrived in each one-second window of `model`, counted from its first call. */
    perSecond(model: string): number[] {
      const calls = log.filter((c) => c.model === model);
      if (calls.length === 0) return [];
      const t0 = calls[0]!.at;
      const out: number[] = [];
      for (const c of calls) out[Math.floor((c.at - t0) / 1000)] = (out[Math.floor((c.at - t0) / 1000)] ?? 0) + 1;
      return Array.from(out, (v) => v ?? 0);
    },
    limitedShare: () => log.filter((c) => c.limited).length / Math.max(1, log.length),
  };
}

import type { RateGuardStore } from '../../infra/db/repositories/rate-guard-store';

export interface RateGuardOptions {
  store: RateGuardStore;
  now?: () => Date;
  /** The original EchoPilot runbook's rule: 3 strikes in 5 minutes = 10-minute ban. */
  maxFailures?: number;
  windowMs?: number;
  banMs?: number;
  /**
   * How long a "not banned" answer is reused for an IP (ms). Saves a database read per admin request;
   * a ban this process records applies at once, one recorded by another API process within this time.
   */
  clearCacheMs?: number;
}

const MAX_CACHED_IPS = 10_000;

/** IP ban on repeated auth failures. State lives in the database so a ban outlives a restart. */
export function createRateGuard(opts: RateGuardOptions) {
  const now = opts.now ?? (() => new Date());
  const maxFailures = opts.maxFailures ?? 3;
  const windowMs = opts.windowMs ?? 5 * 60_000;
  const banMs = opts.banMs ?? 10 * 60_000;
  const clearCacheMs = opts.clearCacheMs ?? 1_000;
  const clearUntil = new Map<string, number>(); // ip → time until which "not banned" is trusted
  return {
    /** Seconds left on an active ban, or undefined when the IP may try. */
    async retryAfter(ip: string): Promise<number | undefined> {
      const t = now();
      if ((clearUntil.get(ip) ?? 0) > t.getTime()) return undefined;
      const until = await opts.store.activeBan(ip, t);
      if (until) return Math.max(1, Math.ceil((until.getTime() - t.getTime()) / 1000));
      if (clearUntil.size >= MAX_CACHED_IPS) clearUntil.clear();
      clearUntil.set(ip, t.getTime() + clearCacheMs);
      return undefined;
    },
    /** Records a failed attempt; returns the ban length in seconds when this failure triggers one. */
    async recordFailure(ip: string): Promise<number | undefined> {
      clearUntil.delete(ip);
      const t = now();
      const failures = await opts.store.recordFailure(ip, t, windowMs);
      if (failures < maxFailures) return undefined;
      await opts.store.ban(ip, new Date(t.getTime() + banMs), failures);
      return Math.ceil(banMs / 1000);
    },
    stats: () => opts.store.stats(now(), windowMs),
    clear: (ip: string) => opts.store.clear(ip),
  };
}
export type RateGuard = ReturnType<typeof createRateGuard>;

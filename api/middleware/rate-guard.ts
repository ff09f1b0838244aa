import type { RateGuardStore } from '../../infra/db/repositories/rate-guard-store';

export interface RateGuardOptions {
  store: RateGuardStore;
  now?: () => Date;
  /** The seeds' rule: 3 strikes in 5 minutes = 10-minute ban. */
  maxFailures?: number;
  windowMs?: number;
  banMs?: number;
}

/** IP ban on repeated auth failures. State lives in the database so a ban outlives a restart. */
export function createRateGuard(opts: RateGuardOptions) {
  const now = opts.now ?? (() => new Date());
  const maxFailures = opts.maxFailures ?? 3;
  const windowMs = opts.windowMs ?? 5 * 60_000;
  const banMs = opts.banMs ?? 10 * 60_000;
  return {
    /** Seconds left on an active ban, or undefined when the IP may try. */
    async retryAfter(ip: string): Promise<number | undefined> {
      const t = now();
      const until = await opts.store.activeBan(ip, t);
      return until ? Math.max(1, Math.ceil((until.getTime() - t.getTime()) / 1000)) : undefined;
    },
    /** Records a failed attempt; returns the ban length in seconds when this failure triggers one. */
    async recordFailure(ip: string): Promise<number | undefined> {
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

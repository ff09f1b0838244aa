import type { Db } from '../db/open-database';
import { createRateGuardStore } from '../db/repositories/rate-guard-store';
import { createSecuritySignalStore, type SecuritySignal } from '../db/repositories/security-signals';
import { normalizeIp } from '../net/ip-address';

/** The failed-key window of the rate guard (the original EchoPilot runbook: 3 strikes in 5 minutes). */
const WINDOW_MS = 5 * 60_000;
/** Strikes and ended bans are kept this long after they stop mattering, for `stats`, then pruned. */
export const SECURITY_RETENTION_MS = 24 * 3_600_000;

export interface RateGuardStats {
  activeBans: { ip: string; bannedUntil: string; strikes: number }[];
  recentFailures: number;
  signals: SecuritySignal[];
}

export class InvalidIpError extends Error {
  /** What is wrong, without the field name (the API's 400 names the field itself). */
  readonly reason = 'expected an IPv4 or IPv6 address (or "unknown")';
  constructor() {
    super('ip: expected an IPv4 or IPv6 address (or "unknown")');
    this.name = 'InvalidIpError';
  }
}

/** Operator actions on the ban list, shared by the admin API, the worker (CLI via Temporal) and the CLI. */
export function createRateGuardAdmin(db: Db, now: () => Date = () => new Date()) {
  const store = createRateGuardStore(db);
  const signals = createSecuritySignalStore(db);
  return {
    async stats(): Promise<RateGuardStats> {
      const [guard, list] = await Promise.all([store.stats(now(), WINDOW_MS), signals.list()]);
      return { ...guard, signals: list };
    },
    /** Lifts the ban of one address (and forgets its strikes); `cleared` is false when there was none. */
    async clear(ip: string): Promise<{ ip: string; cleared: boolean }> {
      const normalized = ip === 'unknown' ? ip : normalizeIp(ip);
      if (!normalized) throw new InvalidIpError();
      return { ip: normalized, cleared: await store.clear(normalized) };
    },
    async clearAll(): Promise<{ cleared: number }> {
      return { cleared: await store.clearAll() };
    },
    prune: () => store.prune(new Date(now().getTime() - SECURITY_RETENTION_MS)),
  };
}
export type RateGuardAdmin = ReturnType<typeof createRateGuardAdmin>;

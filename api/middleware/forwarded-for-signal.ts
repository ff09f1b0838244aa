import type { MiddlewareHandler } from 'hono';
import { FORWARDED_WITHOUT_TRUST_PROXY, type SecuritySignalStore } from '../../infra/db/repositories/security-signals';
import type { Logger } from '../../infra/logger';

export interface ForwardedForSignalOptions {
  store: SecuritySignalStore;
  logger: Logger;
  now?: () => number;
  /** At most one database write per this interval; requests in between are counted into the next. */
  everyMs?: number;
}

/**
 * With TRUST_PROXY off, an X-Forwarded-For header means a proxy stands in front and every caller may
 * share its address: three bad keys from anyone then lock out every admin. Counted for `echopilot doctor`.
 */
export function forwardedForSignal(opts: ForwardedForSignalOptions): MiddlewareHandler {
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 60_000;
  let pending = 0;
  let nextWriteAt = 0;
  return async (c, next) => {
    if (c.req.header('x-forwarded-for') !== undefined) {
      pending++;
      const t = now();
      if (t >= nextWriteAt) {
        nextWriteAt = t + everyMs;
        const times = pending;
        pending = 0;
        await opts.store.record(FORWARDED_WITHOUT_TRUST_PROXY, times, new Date(t)).catch((err: unknown) => {
          opts.logger.warn({ err }, 'could not record the X-Forwarded-For signal');
        });
      }
    }
    await next();
  };
}

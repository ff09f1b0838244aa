import type { Config } from '../../infra/config/load-config';
import { FORWARDED_WITHOUT_TRUST_PROXY } from '../../infra/db/repositories/security-signals';
import type { RateGuardStats } from '../../infra/security/rate-guard-admin';
import { runRateGuardAction, viaDatabase } from '../rate-guard-access';

export interface RateGuardFinding {
  name: string;
  verdict: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

/** A forwarded header seen this recently while TRUST_PROXY is off still counts as "behind a proxy". */
const SIGNAL_RECENT_MS = 7 * 86_400_000;

/** Doctor's view of the admin ban list: lockout risks behind a proxy, and bans in force. */
export async function rateGuardFindings(
  config: Config,
  platformRunning: boolean,
  now = new Date(),
): Promise<RateGuardFinding[]> {
  let stats: RateGuardStats;
  try {
    // A running platform owns its PGlite: ask its worker. Otherwise the files (or PostgreSQL) are free to open.
    const action = { action: 'stats' } as const;
    stats = (await (platformRunning
      ? runRateGuardAction(config, action, 10)
      : viaDatabase(config, action))) as RateGuardStats;
  } catch (err) {
    return [
      {
        name: 'rate guard',
        verdict: 'skip',
        detail: `ban list not readable: ${(err as Error).message.split('\n')[0]!.slice(0, 160)}`,
      },
    ];
  }
  const findings: RateGuardFinding[] = [];
  const forwarded = stats.signals.find((s) => s.name === FORWARDED_WITHOUT_TRUST_PROXY);
  if (!config.http.trustProxy && forwarded && now.getTime() - Date.parse(forwarded.lastSeen) < SIGNAL_RECENT_MS) {
    findings.push({
      name: 'proxy',
      verdict: 'warn',
      detail: `${forwarded.count} request(s) arrived with X-Forwarded-For while TRUST_PROXY is off (last ${forwarded.lastSeen}): every caller may share the proxy's address, and three wrong keys then lock out every admin`,
      fix: 'behind a reverse proxy set TRUST_PROXY=true with TRUSTED_PROXY_HOPS or TRUSTED_PROXIES (README "Security")',
    });
  }
  findings.push(
    stats.activeBans.length > 0
      ? {
          name: 'rate guard',
          verdict: 'warn',
          detail: `${stats.activeBans.length} address(es) banned from the admin API`,
          fix: 'echopilot rate-guard stats; lift one with echopilot rate-guard clear <ip>',
        }
      : {
          name: 'rate guard',
          verdict: 'ok',
          detail: `no active bans (${stats.recentFailures} failed key(s) in the last 5 minutes)`,
        },
  );
  return findings;
}

import { runRateGuardAction } from '../rate-guard-access';
import { bootConfig } from '../boot';
import type { RateGuardStats } from '../../infra/security/rate-guard-admin';

function printStats(s: RateGuardStats): void {
  console.log(`active bans       ${s.activeBans.length}`);
  for (const b of s.activeBans) console.log(`  ${b.ip.padEnd(40)} until ${b.bannedUntil}  strikes ${b.strikes}`);
  console.log(`failures (5 min)  ${s.recentFailures}`);
  for (const sig of s.signals)
    console.log(`signal            ${sig.name}: ${sig.count} since ${sig.firstSeen}, last ${sig.lastSeen}`);
}

/** `echopilot rate-guard stats|clear`: the original EchoPilot runbook's `rate_guard.py stats/clear`. */
export const rateGuardCommands = {
  stats: async (o: { json?: boolean }): Promise<void> => {
    const stats = (await runRateGuardAction(bootConfig(), { action: 'stats' })) as RateGuardStats;
    if (o.json) console.log(JSON.stringify(stats, null, 2));
    else printStats(stats);
  },
  clear: async (ip: string | undefined, o: { all?: boolean }): Promise<void> => {
    if (!!ip === !!o.all) throw new Error('give one address (`rate-guard clear 203.0.113.7`) or --all');
    const config = bootConfig();
    if (o.all) {
      const r = (await runRateGuardAction(config, { action: 'clear-all' })) as { cleared: number };
      console.log(`lifted ${r.cleared} ban(s); failure counts reset`);
      return;
    }
    const r = (await runRateGuardAction(config, { action: 'clear', ip: ip! })) as { ip: string; cleared: boolean };
    console.log(r.cleared ? `lifted the ban of ${r.ip}` : `${r.ip} was not banned; its failure count is reset`);
  },
};

import type { Command } from 'commander';
import type { AuditReport } from '../../infra/audit/audit-report';
import { printFields, printJson } from '../print';
import { apiFor } from './tasks';

const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

function printReport(r: AuditReport): void {
  const c = r.chain;
  const last = r.checkpoints.last;
  printFields([
    ['status', r.status],
    ['period', `${r.period.from} → ${r.period.to}`],
    ['chain', `${c.status}: ${c.entries} entries, head #${c.headSeq}`],
    ['legacy prefix', c.legacyPrefix ? `${c.legacyPrefix.entries} entries up to #${c.legacyPrefix.lastSeq}` : 'none'],
    ['first break', c.firstBreak ? `#${c.firstBreak.seq} ${c.firstBreak.problem}: ${c.firstBreak.detail}` : 'none'],
    [
      'last checkpoint',
      last
        ? `#${last.seq} ${last.createdAt} (${last.reason}), signature ${last.signatureValid ? 'valid' : 'INVALID'}, matches chain: ${String(last.matchesChain)}`
        : 'none yet',
    ],
    ['checkpoints', `${r.checkpoints.count} stored, ${r.checkpoints.invalidSignatures} invalid`],
    ['entries in period', r.entries.total],
    ['by action', counts(r.entries.byAction)],
    ['by actor', counts(r.entries.byActor)],
    ['failed logins', `${r.security.failedLogins} from ${r.security.failedLoginAddresses} addresses`],
    ['bans', `${r.security.bansPlaced} placed, ${r.security.activeBans} active`],
    ['DSR tickets', r.dsr ?? 'not handled yet'],
  ]);
}

/** `echopilot audit verify`: the report of GET /api/audit/report; exit code 1 when anything is broken. */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('The hash-chained audit log')
    .option('--api-url <url>', 'the API (default ECHOPILOT_API_URL or http://127.0.0.1:$PORT)');
  audit
    .command('verify')
    .description('Verify the chain and its signed checkpoints; print the audit report (exit 1 on a break)')
    .option('--from <iso>', 'start of the report period (default: 7 days before --to)')
    .option('--to <iso>', 'end of the report period (default: now)')
    .option('--json', 'print JSON')
    .action(async (o: { from?: string; to?: string; json?: boolean }, cmd: Command) => {
      const q = new URLSearchParams({ ...(o.from && { from: o.from }), ...(o.to && { to: o.to }) });
      const r = await apiFor(cmd).get<AuditReport>(`/api/audit/report${q.size ? `?${q.toString()}` : ''}`);
      if (o.json) printJson(r);
      else printReport(r);
      if (r.status !== 'ok') process.exitCode = 1;
    });
}

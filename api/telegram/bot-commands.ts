import { ScheduleNotFoundError } from '@temporalio/client';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { overallStatus } from '../../domain/health';
import { definedScheduleIds } from '../../schedules/definitions';
import { pauseSchedule, ScheduleNotOwnedError, unpauseSchedule } from '../../schedules/manage-schedules';
import { fullScheduleId } from '../../schedules/schedule-definition';
import type { RouteContext } from '../app-deps';
import { generateReport } from '../report-run';

export const BOT_HELP = [
  'EchoPilot bot commands:',
  '/status - the 5-point health check',
  '/jobs - tasks of the last 24 h by status',
  '/failed - recent failures with reasons',
  '/pause <schedule> - pause a platform schedule',
  '/resume <schedule> - resume it',
  '/brief - the CEO brief now',
  '/help - this list',
].join('\n');

/** `/cmd@botname arg` → { name: 'cmd', arg }; undefined when the text is not a command. */
export function parseCommand(text: string): { name: string; arg: string } | undefined {
  const m = /^\/([a-z]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$/s.exec(text.trim());
  return m ? { name: m[1]!, arg: (m[2] ?? '').trim() } : undefined;
}

/**
 * Runs one command from the configured chat and returns the answer's text. Pause and resume are audited
 * (actor `telegram-bot`, keyed by the update id so a redelivered update is one entry).
 */
export async function runBotCommand(
  ctx: RouteContext,
  cmd: { name: string; arg: string },
  updateId: number,
): Promise<string> {
  switch (cmd.name) {
    case 'start':
    case 'help':
      return BOT_HELP;
    case 'status': {
      const checks = await ctx.healthChecks.all();
      return [
        `Health: ${overallStatus(checks)}`,
        ...checks.map((c) => `${c.status === 'ok' ? 'OK' : c.status.toUpperCase()} ${c.name}: ${c.detail}`),
      ].join('\n');
    }
    case 'jobs': {
      const until = new Date();
      const f = await ctx.ops.reportFacts.facts(
        new Date(until.getTime() - 86_400_000),
        until,
        ctx.config.payments.currency,
      );
      const depth = await ctx.ops.ledgerMetrics.queueDepth();
      const s = f.tasksByStatus;
      return `Last 24 h: done ${s.done ?? 0}, low QA ${s.low_qa ?? 0}, failed ${s.failed ?? 0}\nNow: queued ${depth.queued}, running ${depth.running}`;
    }
    case 'failed': {
      const rows = await ctx.ops.recentFailures.list(10);
      if (rows.length === 0) return 'No failed tasks.';
      return [
        'Recent failures:',
        ...rows.map(
          (r) => `${r.at.slice(0, 16)} ${r.taskId} ${r.failureType ?? 'unknown'}: ${(r.reason ?? '').slice(0, 120)}`,
        ),
      ].join('\n');
    }
    case 'pause':
    case 'resume': {
      if (!cmd.arg) return `Usage: /${cmd.name} <schedule>`;
      if (!definedScheduleIds(ctx.config).includes(fullScheduleId(cmd.arg)))
        return `No platform schedule "${cmd.arg.slice(0, 60)}". /jobs, /status or GET /api/schedules list what runs.`;
      const note = `${cmd.name === 'pause' ? 'paused' : 'resumed'} via Telegram`;
      try {
        if (cmd.name === 'pause') await pauseSchedule(ctx.temporal, cmd.arg, note);
        else await unpauseSchedule(ctx.temporal, cmd.arg, note);
      } catch (err) {
        // Defined but not (yet) on the server, e.g. before the worker's first schedule sync: say so, audit nothing.
        if (err instanceof ScheduleNotFoundError || err instanceof ScheduleNotOwnedError)
          return `Schedule ${cmd.arg} is defined but not on the Temporal server; the worker creates it when it starts.`;
        throw err;
      }
      await ctx.payments.audit.append({
        actor: 'telegram-bot',
        action: cmd.name === 'pause' ? AUDIT_ACTIONS.schedulePause : AUDIT_ACTIONS.scheduleUnpause,
        subject: cmd.arg,
        details: { note },
        dedupeKey: `telegram:${updateId}`,
      });
      return `Schedule ${cmd.arg} ${cmd.name === 'pause' ? 'paused' : 'resumed'}.`;
    }
    case 'brief': {
      const run = await generateReport(ctx, 'ceo-brief', 50);
      if (!('reportId' in run)) return 'The brief is still being computed; ask again in a minute.';
      const stored = await ctx.ops.opsReports.byId(run.reportId);
      return stored
        ? `${stored.summary}\n\n${(stored.body as { text?: string }).text ?? ''}`
        : 'The brief was not stored.';
    }
    default:
      return `Unknown command /${cmd.name.slice(0, 30)}.\n\n${BOT_HELP}`;
  }
}

import { ApplicationFailure } from '@temporalio/activity';
import type { DsrStatus } from '../domain/contracts/dsr-messages';
import type { DsrClosureRecord } from '../domain/contracts/dsr-messages';
import type { AlertService } from '../infra/alerts/alert-service';
import type { Mailer } from '../infra/clients/mailer';
import type { DsrServices } from '../infra/compliance/dsr-services';
import { closureMail, confirmationMail } from './dsr-mail';

export interface DsrActivityDeps {
  dsr: DsrServices;
  payments: { mailer: Mailer };
  alerts: AlertService;
}

const DAY_MS = 86_400_000;

/** Side effects of the DSR workflow: the ticket row, the person's mail, the operator's alerts. */
export function createDsrActivities(deps: DsrActivityDeps) {
  const { tickets, links } = deps.dsr;
  const ticket = async (id: string) => {
    const row = await tickets.get(id);
    if (!row) throw ApplicationFailure.nonRetryable(`DSR ticket ${id} not found`, 'dsr_not_found');
    return row;
  };

  return {
    /** The identity-confirmation mail with a signed link valid until the ticket expires. */
    async sendDsrConfirmation(ticketId: string): Promise<'sent' | 'skipped'> {
      const row = await ticket(ticketId);
      if (row.status !== 'awaiting_confirmation') return 'skipped';
      const sent = await deps.payments.mailer.send(
        confirmationMail(row, links.confirmUrl(ticketId, row.confirmBy), `<dsr-${ticketId}-confirm@echopilot>`),
      );
      if (sent === 'sent') await tickets.markConfirmationSent(ticketId);
      return sent;
    },
    async confirmDsrTicket(input: { ticketId: string; slaMs: number }): Promise<{ slaDueAt: string }> {
      const row = await tickets.confirm(input.ticketId, input.slaMs);
      return { slaDueAt: row.slaDueAt!.toISOString() };
    },
    /** Adds one extension (once per update id) within DSR_MAX_EXTENSION; answers the time left from now. */
    async extendDsrTicket(input: {
      ticketId: string;
      extendByMs: number;
      reason: string;
      actor: string;
      key: string;
    }): Promise<{ slaDueAt: string; msLeft: number }> {
      const row = await ticket(input.ticketId);
      const used = row.extensions.filter((e) => e.key !== input.key).reduce((n, e) => n + e.byMs, 0);
      if (used + input.extendByMs > deps.dsr.config.maxExtensionMs)
        throw ApplicationFailure.nonRetryable(
          `extensions may add up to ${deps.dsr.config.maxExtensionMs / DAY_MS} days in total`,
          'dsr_extension_limit',
        );
      const { key, actor, reason, extendByMs } = input;
      const updated = await tickets.extend(input.ticketId, {
        byMs: extendByMs,
        reason,
        actor,
        key,
        at: new Date().toISOString(),
      });
      const due = updated.slaDueAt!;
      return { slaDueAt: due.toISOString(), msLeft: Math.max(0, due.getTime() - Date.now()) };
    },
    async recordDsrDecision(input: {
      ticketId: string;
      decision: 'approve' | 'reject';
      reason?: string;
      actor: string;
    }): Promise<void> {
      await tickets.decide(input.ticketId, input);
    },
    async closeDsrTicket(input: { ticketId: string; status: DsrStatus; closure: DsrClosureRecord }): Promise<void> {
      await tickets.close(input.ticketId, input.status, input.closure);
    },
    /** Tells the person how the request ended (export: the download link); the same Message-ID on retries. */
    async notifyDsrClosed(ticketId: string): Promise<'sent' | 'skipped'> {
      const row = await ticket(ticketId);
      if (!row.closure || row.status === 'expired') return 'skipped';
      return deps.payments.mailer.send(closureMail(row, row.closure, `<dsr-${ticketId}-closed@echopilot>`));
    },
    /** Operator reminder (before the deadline) or alert (deadline passed); the person is named by ticket id only. */
    async dsrSlaAlert(input: { ticketId: string; kind: 'reminder' | 'deadline'; slaDueAt?: string }): Promise<void> {
      const row = await ticket(input.ticketId);
      const due = row.slaDueAt?.toISOString() ?? input.slaDueAt ?? 'unknown';
      const reminder = input.kind === 'reminder';
      await deps.alerts.send(
        {
          key: `dsr-${input.kind}:${input.ticketId}:${due}`,
          severity: reminder ? 'warning' : 'critical',
          title: reminder ? `DSR ${input.ticketId} due ${due}` : `DSR ${input.ticketId} is past its deadline`,
          text:
            `${row.type} request, status ${row.status}, deadline ${due}. ` +
            (reminder
              ? 'Approve, reject or extend it (POST /api/dsr/:ticketId/approve|reject|extend).'
              : 'GDPR Art. 12(3): answer now, or extend with the reason if the law allows.'),
        },
        row.workflowId,
      );
    },
  };
}

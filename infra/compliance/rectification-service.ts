import { ApplicationFailure } from '@temporalio/common';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RectificationChanges, RectificationOutcome } from '../../domain/contracts/dsr-fulfilment';
import {
  INVALID_RECTIFICATION,
  RECTIFICATION_CONFLICT,
  rectificationChangesSchema,
} from '../../domain/dsr-fulfilment-rules';
import type { AuditLog } from '../db/repositories/audit-log';
import { EmailTakenError, type RectificationStore } from '../db/repositories/rectification-store';
import type { NotionClientRows } from './notion-client-rows';

export interface RectificationServiceDeps {
  store: RectificationStore;
  audit: Pick<AuditLog, 'append'>;
  /** Set with CLIENT_DB_ID. */
  clientRows?: NotionClientRows;
}

/** Rectification (Art. 16): the corrected name and email in the database and the client's Notion row. */
export function createRectificationService(deps: RectificationServiceDeps) {
  return {
    async rectify(ticketId: string, email: string, given: RectificationChanges): Promise<RectificationOutcome> {
      const parsed = rectificationChangesSchema.safeParse(given);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.length ? `changes.${issue.path.join('.')}` : 'changes';
        throw ApplicationFailure.create({
          type: INVALID_RECTIFICATION,
          message: `Invalid rectification: ${field}: ${issue.message}`,
          nonRetryable: true,
        });
      }
      const changes = parsed.data;
      // Only under the address the ticket confirmed: the corrected one may belong to someone else.
      const clientIds = await deps.store.clientIdsByEmails([email]);
      let rows;
      try {
        rows = await deps.store.apply(clientIds, email, changes);
      } catch (err) {
        if (!(err instanceof EmailTakenError)) throw err;
        throw ApplicationFailure.create({
          type: RECTIFICATION_CONFLICT,
          message: 'Rectification refused: changes.email already belongs to another client',
          nonRetryable: true,
        });
      }
      const fields = Object.keys(changes).sort();
      const emailOnly = fields.filter((f) => f === 'email');
      const corrected: RectificationOutcome['corrected'] = [];
      if (rows.clients) corrected.push({ place: 'clients', fields });
      if (rows.invoices) corrected.push({ place: 'open invoices', fields: emailOnly });
      if (rows.unsubscribes) corrected.push({ place: 'unsubscribes', fields: emailOnly });
      if (deps.clientRows) {
        // By client id, or under the confirmed address (a retry after the database pass finds the row this way).
        const pages = await deps.clientRows.find(clientIds, [email]);
        let written: string[] = [];
        for (const page of pages) written = await deps.clientRows.rectify(page, changes);
        if (pages.length) corrected.push({ place: 'notion client rows', fields: written.sort() });
      }
      // Which fields changed, never their values: the entry must not carry the person's data.
      await deps.audit.append({
        actor: 'system:dsr',
        action: AUDIT_ACTIONS.dsrRectification,
        subject: ticketId,
        details: { clientIds, corrected },
        dedupeKey: `dsr-rectification:${ticketId}`,
      });
      return { corrected };
    },
  };
}
export type RectificationService = ReturnType<typeof createRectificationService>;

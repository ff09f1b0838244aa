import type { MailMessage } from '../infra/clients/mailer';
import type { DsrTicketRow } from '../infra/db/repositories/dsr-tickets';
import type { DsrClosureRecord } from '../domain/contracts/dsr-messages';

const WHAT: Record<DsrTicketRow['type'], string> = {
  access: 'a copy of the personal data we hold about you',
  export: 'your personal data in a portable format',
  erasure: 'the erasure of your personal data',
  rectification: 'the correction of your personal data',
};

/** The identity check: only the owner of the address can confirm the request made in its name. */
export function confirmationMail(row: DsrTicketRow, url: string, messageId: string): MailMessage {
  return {
    to: row.email,
    subject: `Confirm your data request ${row.id}`,
    messageId,
    text:
      `We received a request for ${WHAT[row.type]} (ticket ${row.id}).\n\n` +
      `If you made it, confirm it here before ${row.confirmBy.toISOString()}:\n${url}\n\n` +
      'If you did not, ignore this email: the request expires unconfirmed and nothing is done.\n',
  };
}

/** How the request ended; an access/export closure carries the signed download link. */
export function closureMail(row: DsrTicketRow, closure: DsrClosureRecord, messageId: string): MailMessage {
  const link = typeof closure.result?.downloadUrl === 'string' ? closure.result.downloadUrl : undefined;
  const until = typeof closure.result?.expiresAt === 'string' ? closure.result.expiresAt : undefined;
  const body =
    closure.outcome === 'fulfilled'
      ? link
        ? `Your data is ready. Download it (a zip of JSON and CSV files with a manifest) before ${until}:\n${link}\n`
        : `Your request has been carried out: ${closure.summary}\n`
      : closure.outcome === 'rejected'
        ? `Your request was declined: ${row.decisionReason ?? closure.summary}\n`
        : 'We could not complete your request; we are looking into it and will contact you.\n';
  return { to: row.email, subject: `Your data request ${row.id}`, messageId, text: `Ticket ${row.id}.\n\n${body}` };
}

import type { UnsubscribeStore } from '../db/repositories/unsubscribes';
import { oneClickPath, type UnsubscribeTokens } from '../delivery/unsubscribe-token';
import type { MailMessage, Mailer } from './mailer';

/**
 * `optional`: reminders, reports, done notices (never sent to an unsubscribed address);
 * `transactional`: receipts and refund notices of a payment the client made (always sent).
 */
export type ClientMailKind = 'optional' | 'transactional';

/**
 * Every email to a client goes through here: it carries RFC 8058 List-Unsubscribe (a per-recipient
 * signed https URL) and List-Unsubscribe-Post, and optional mail to an unsubscribed address is dropped.
 */
export function createClientMail(opts: {
  mailer: Mailer;
  unsubscribes: UnsubscribeStore;
  tokens: UnsubscribeTokens;
  siteUrl: string;
}) {
  return {
    async send(msg: MailMessage, kind: ClientMailKind): Promise<'sent' | 'skipped' | 'unsubscribed'> {
      if (kind === 'optional' && (await opts.unsubscribes.isUnsubscribed(msg.to))) return 'unsubscribed';
      const token = opts.tokens.tokenFor(msg.to);
      const headers: Record<string, string> = token
        ? {
            'List-Unsubscribe': `<${opts.siteUrl}${oneClickPath}?t=${token}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          }
        : {};
      return opts.mailer.send({ ...msg, headers: { ...msg.headers, ...headers } });
    },
  };
}
export type ClientMail = ReturnType<typeof createClientMail>;

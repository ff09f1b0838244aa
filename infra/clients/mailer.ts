import nodemailer from 'nodemailer';
import type { Logger } from '../logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Stable id (e.g. `<invoice-inv_x-receipt@echopilot>`) so a retried send is recognisably the same mail. */
  messageId?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Extra headers (List-Unsubscribe and List-Unsubscribe-Post on client mail). */
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly configured: boolean;
  /** Sends, or returns `skipped` when SMTP_URL is not set (payments still work without email). */
  send(msg: MailMessage): Promise<'sent' | 'skipped'>;
}

/** Email over SMTP_URL (nodemailer); `smtp://user:pass@host:587`, `smtps://…` for implicit TLS. */
export function createMailer(opts: { smtpUrl?: string; from: string; logger: Logger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      configured: false,
      send(msg) {
        opts.logger.warn({ subject: msg.subject }, 'SMTP_URL not set; email skipped');
        return Promise.resolve('skipped');
      },
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    configured: true,
    async send(msg) {
      await transport.sendMail({ from: opts.from, ...msg });
      return 'sent';
    },
  };
}

import nodemailer from 'nodemailer';
import { CHANNEL_TIMEOUT_MS, type AlertChannel } from './channels';

/** The SMTP user when it is an address (Gmail requires sending as the account), else a local sender. */
export function defaultSender(smtpUrl: string): string {
  const user = decodeURIComponent(new URL(smtpUrl).username);
  return user.includes('@') ? `EchoPilot <${user}>` : 'EchoPilot <echopilot@localhost>';
}

/**
 * Email over SMTP with nodemailer: `SMTP_URL` like `smtps://user%40gmail.com:app-password@smtp.gmail.com:465`
 * (Gmail with an app password) or `smtp://host:587` (STARTTLS when offered).
 */
export function createEmailChannel(opts: {
  smtpUrl: string;
  to: string;
  from?: string;
}): AlertChannel & { close(): void } {
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: CHANNEL_TIMEOUT_MS,
    greetingTimeout: CHANNEL_TIMEOUT_MS,
    socketTimeout: CHANNEL_TIMEOUT_MS,
  });
  const from = opts.from ?? defaultSender(opts.smtpUrl);
  return {
    name: 'email',
    async send(alert) {
      try {
        await transport.sendMail({
          from,
          to: opts.to,
          subject: `[EchoPilot ${alert.severity}] ${alert.title}`,
          text: alert.text,
        });
      } catch (err) {
        // nodemailer errors carry the SMTP response, never the URL's password.
        const e = err as Error & { code?: string; responseCode?: number };
        throw new Error(
          `SMTP delivery failed: ${e.code ?? ''}${e.responseCode ? ` ${e.responseCode}` : ''} ${e.message}`
            .replace(/\s+/g, ' ')
            .trim(),
          { cause: err },
        );
      }
    },
    close: () => transport.close(),
  };
}

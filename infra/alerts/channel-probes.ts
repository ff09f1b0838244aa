import nodemailer from 'nodemailer';
import type { Config } from '../config/load-config';
import { CHANNEL_TIMEOUT_MS, httpFailure, networkFailure } from './channels';

/** Read-only reachability checks for `echopilot doctor`: nothing is sent to anyone. */
export const channelProbes = {
  /** Telegram `getMe`: the token is valid and the API reachable. */
  async telegram(alerts: Config['alerts']): Promise<string> {
    let res: Response;
    try {
      res = await fetch(`${alerts.telegramApiBaseUrl}/bot${alerts.telegramBotToken}/getMe`, {
        signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
      });
    } catch (err) {
      throw networkFailure('Telegram', err);
    }
    if (!res.ok) throw await httpFailure('Telegram', res);
    const body = (await res.json()) as { result?: { username?: string } };
    return `bot @${body.result?.username ?? '?'} → chat ${alerts.telegramChatId}`;
  },
  /** SMTP handshake and login, without sending. */
  async email(alerts: Config['alerts']): Promise<string> {
    const transport = nodemailer.createTransport({
      url: alerts.smtpUrl,
      connectionTimeout: CHANNEL_TIMEOUT_MS,
      greetingTimeout: CHANNEL_TIMEOUT_MS,
    });
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
    return `SMTP ${new URL(alerts.smtpUrl!).host} accepts login → ${alerts.emailTo}`;
  },
};

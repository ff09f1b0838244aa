import { formatAlert } from '../../domain/alerts';
import { CHANNEL_TIMEOUT_MS, httpFailure, networkFailure, type AlertChannel } from './channels';

/** Telegram's hard limit on a message's text. */
const MAX_TEXT = 4096;

/** Telegram Bot API `sendMessage`; the base URL is configurable so tests use a local fake. */
export function createTelegramChannel(opts: { baseUrl: string; token: string; chatId: string }): AlertChannel {
  return {
    name: 'telegram',
    async send(alert) {
      const text = formatAlert(alert);
      let res: Response;
      try {
        res = await fetch(`${opts.baseUrl}/bot${opts.token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            chat_id: opts.chatId,
            text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text,
            disable_web_page_preview: true,
          }),
          signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
        });
      } catch (err) {
        throw networkFailure('Telegram', err);
      }
      if (!res.ok) throw await httpFailure('Telegram', res);
      const body = (await res.json().catch(() => ({}))) as { ok?: boolean; description?: string };
      if (body.ok !== true) throw new Error(`Telegram refused the message: ${body.description ?? 'no reason given'}`);
    },
  };
}

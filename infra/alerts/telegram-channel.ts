import { formatAlert } from '../../domain/alerts';
import { sendTelegramMessage } from '../telegram/send-telegram-message';
import type { AlertChannel } from './channels';

/** Telegram Bot API `sendMessage`; the base URL is configurable so tests use a local fake. */
export function createTelegramChannel(opts: { baseUrl: string; token: string; chatId: string }): AlertChannel {
  return {
    name: 'telegram',
    async send(alert) {
      await sendTelegramMessage({ ...opts, text: formatAlert(alert) });
    },
  };
}

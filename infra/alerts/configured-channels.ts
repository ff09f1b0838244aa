import type { Config } from '../config/load-config';
import type { AlertChannel } from './channels';
import { createEmailChannel } from './email-channel';
import { createTelegramChannel } from './telegram-channel';
import { createWebhookChannel } from './webhook-channel';

/** The channels whose variables are set; the others are skipped (and listed by `echopilot doctor`). */
export function configuredChannels(alerts: Config['alerts']): AlertChannel[] {
  const out: AlertChannel[] = [];
  if (alerts.telegramBotToken && alerts.telegramChatId) {
    out.push(
      createTelegramChannel({
        baseUrl: alerts.telegramApiBaseUrl,
        token: alerts.telegramBotToken,
        chatId: alerts.telegramChatId,
      }),
    );
  }
  if (alerts.smtpUrl && alerts.emailTo)
    out.push(createEmailChannel({ smtpUrl: alerts.smtpUrl, to: alerts.emailTo, from: alerts.emailFrom }));
  if (alerts.webhookUrl) out.push(createWebhookChannel({ url: alerts.webhookUrl }));
  return out;
}

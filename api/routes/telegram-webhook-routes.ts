import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { sendTelegramMessage } from '../../infra/telegram/send-telegram-message';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';
import { parseCommand, runBotCommand } from '../telegram/bot-commands';

/** The part of a Telegram Update the bot reads; everything else Telegram sends passes through. */
export const telegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: z
    .object({
      chat: z.object({ id: z.union([z.number().int(), z.string().max(64)]) }),
      text: z.string().max(4096).optional(),
    })
    .optional(),
});
const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';
/** Telegram redelivers an update it got no 2xx for; a day covers its retries. */
const REDELIVERY_WINDOW_MS = 86_400_000;

const sameSecret = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * `POST /webhook/telegram`: the bot's commands (setWebhook with `secret_token` = TELEGRAM_WEBHOOK_SECRET).
 * A webhook rather than getUpdates polling: Telegram pushes to one URL, so there is exactly one consumer
 * per deployment without a poller to keep alive. Only the configured chat is answered; other chats and
 * redelivered updates are acknowledged (200, so Telegram stops retrying), ignored and counted.
 */
export function telegramWebhookRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const a = ctx.config.alerts;
  app.post('/telegram', async (c) => {
    if (!a.telegramWebhookSecret || !a.telegramBotToken || !a.telegramChatId)
      throw new ApiError(
        503,
        'not_configured',
        'Telegram bot commands are off: set TELEGRAM_WEBHOOK_SECRET, TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID',
      );
    if (!sameSecret(c.req.header(SECRET_HEADER), a.telegramWebhookSecret))
      throw new ApiError(401, 'unauthorized', `Missing or invalid ${SECRET_HEADER} header`);
    const update = await parseJsonBody(c, telegramUpdate);
    const msg = update.message;
    const ignore = (reason: string) => {
      ctx.metrics.telegramIgnored.inc({ reason });
      return c.json({ ok: true, ignored: reason });
    };
    if (!msg) return ignore('not_command');
    if (String(msg.chat.id) !== a.telegramChatId) return ignore('other_chat');
    const cmd = msg.text ? parseCommand(msg.text) : undefined;
    if (!cmd) return ignore('not_command');
    const key = `telegram-update:${update.update_id}`;
    const at = new Date();
    if (!(await ctx.ops.alertStore.claim(key, 'telegram-command', at, REDELIVERY_WINDOW_MS)))
      return ignore('duplicate');
    try {
      const text = await runBotCommand(ctx, cmd, update.update_id);
      await sendTelegramMessage({
        baseUrl: a.telegramApiBaseUrl,
        token: a.telegramBotToken,
        chatId: a.telegramChatId,
        text,
      });
    } catch (err) {
      // Not handled: Telegram's redelivery may run it again.
      await ctx.ops.alertStore.release(key, 'telegram-command', at);
      throw err;
    }
    return c.json({ ok: true, command: cmd.name });
  });
  onlyMethods(app, '/telegram', ['POST']);
  return app;
}

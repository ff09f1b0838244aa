import { CHANNEL_TIMEOUT_MS, httpFailure, networkFailure } from '../alerts/channels';

/** Telegram's hard limit on a message's text. */
const MAX_TEXT = 4096;

/**
 * One message through the Bot API `sendMessage` (the base URL points at a fake in tests): the alert
 * channel and the bot's answers to commands both send this way.
 */
export async function sendTelegramMessage(opts: { baseUrl: string; token: string; chatId: string; text: string }) {
  let res: Response;
  try {
    res = await fetch(`${opts.baseUrl}/bot${opts.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chat_id: opts.chatId,
        text: opts.text.length > MAX_TEXT ? `${opts.text.slice(0, MAX_TEXT - 1)}…` : opts.text,
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
}

import { startHttpFake } from './http-fake';

export interface TelegramMessage {
  token: string;
  chatId: string;
  text: string;
}

/**
 * A Telegram Bot API fake: `getMe` and `POST /bot<token>/sendMessage` as the real API answers it (`{ ok, result }`,
 * 401 for a wrong token, 400 without chat_id or text). `failWith(status)` makes it answer an error.
 */
export async function startTelegramFake(validToken: string) {
  const messages: TelegramMessage[] = [];
  let failStatus: number | undefined;
  let nextId = 1;
  const http = await startHttpFake((req) => {
    const m = /^\/bot([^/]+)\/(sendMessage|getMe)$/.exec(req.path);
    if (!m) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    if (m[1] !== validToken) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    if (m[2] === 'getMe')
      return { status: 200, body: { ok: true, result: { id: 555, is_bot: true, username: 'echopilot_test_bot' } } };
    if (req.method !== 'POST')
      return { status: 405, body: { ok: false, error_code: 405, description: 'Method Not Allowed' } };
    if (failStatus)
      return { status: failStatus, body: { ok: false, error_code: failStatus, description: 'Internal Server Error' } };
    const body = JSON.parse(req.body.toString('utf8')) as { chat_id?: string | number; text?: string };
    if (!body.chat_id || !body.text)
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } };
    messages.push({ token: m[1], chatId: String(body.chat_id), text: body.text });
    return {
      status: 200,
      body: { ok: true, result: { message_id: nextId++, chat: { id: body.chat_id }, text: body.text } },
    };
  });
  let nextUpdateId = 1000;
  return {
    baseUrl: http.url,
    messages,
    /**
     * The Update Telegram would POST to the bot's webhook for a text message in `chatId`, with the
     * secret-token header it sends (setWebhook `secret_token`). Each call gets the next update_id.
     */
    update(chatId: string | number, text: string, secret: string) {
      const update = {
        update_id: nextUpdateId++,
        message: {
          message_id: nextId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
          text,
        },
      };
      return {
        update,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
          body: JSON.stringify(update),
        },
      };
    },
    failWith(status: number | undefined) {
      failStatus = status;
    },
    close: http.close,
  };
}
export type TelegramFake = Awaited<ReturnType<typeof startTelegramFake>>;

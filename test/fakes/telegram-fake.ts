import { listenLocal, readBody, sendJson } from './http-fake';

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
  const http = await listenLocal((req, res) => {
    void (async () => {
      const m = /^\/bot([^/]+)\/(sendMessage|getMe)$/.exec(req.url ?? '');
      if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (m[1] !== validToken) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (m[2] === 'getMe') return sendJson(res, 200, { ok: true, result: { id: 555, is_bot: true, username: 'echopilot_test_bot' } });
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error_code: 405, description: 'Method Not Allowed' });
      if (failStatus) return sendJson(res, failStatus, { ok: false, error_code: failStatus, description: 'Internal Server Error' });
      const body = JSON.parse(await readBody(req)) as { chat_id?: string | number; text?: string };
      if (!body.chat_id || !body.text) return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      messages.push({ token: m[1], chatId: String(body.chat_id), text: body.text });
      return sendJson(res, 200, { ok: true, result: { message_id: nextId++, chat: { id: body.chat_id }, text: body.text } });
    })();
  });
  return {
    baseUrl: http.url,
    messages,
    failWith(status: number | undefined) {
      failStatus = status;
    },
    close: http.close,
  };
}
export type TelegramFake = Awaited<ReturnType<typeof startTelegramFake>>;

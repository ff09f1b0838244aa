import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { insertReportLedger } from '../support/report-ledger';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const TOKEN = '123456:bot-token-for-tests';
const CHAT = '4242';
const SECRET = 'telegram-webhook-secret-0123';

describe('Telegram bot commands through POST /webhook/telegram and the Telegram fake', () => {
  let p: TestPlatform;
  let tg: TelegramFake;
  beforeAll(async () => {
    tg = await startTelegramFake(TOKEN);
    p = await createTestPlatform({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: CHAT,
      TELEGRAM_API_BASE_URL: tg.baseUrl,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    await insertReportLedger(p.database.db);
    await insertFinished(p.database.db, {
      status: 'failed',
      failureType: 'llm_rejected',
      failureReason: 'the provider refused the prompt',
      completedAt: hoursAgo(1),
    });
  });
  afterAll(async () => {
    await p.close();
    await tg.close();
  });

  /** Sends `text` from `chat` and returns the webhook's answer and the bot's reply (if any). */
  async function send(text: string, chat: string | number = CHAT, secret = SECRET) {
    const before = tg.messages.length;
    const { update, init } = tg.update(chat, text, secret);
    const res = await p.app.request('/webhook/telegram', init);
    return { res, body: (await res.json()) as Record<string, unknown>, replies: tg.messages.slice(before), update };
  }

  it('/help, /jobs and /failed answer in the configured chat', async () => {
    const help = await send('/help');
    expect(help.body).toEqual({ ok: true, command: 'help' });
    expect(help.replies).toHaveLength(1);
    expect(help.replies[0]).toMatchObject({ chatId: CHAT, token: TOKEN });
    for (const c of ['/status', '/jobs', '/failed', '/pause', '/resume', '/brief'])
      expect(help.replies[0]!.text).toContain(c);

    const jobs = await send('/jobs@echopilot_test_bot');
    expect(jobs.replies[0]!.text).toContain('Last 24 h: done 3, low QA 1, failed 2');

    const failed = await send('/failed');
    expect(failed.replies[0]!.text).toMatch(/Recent failures:\n.* llm_rejected: the provider refused the prompt/);
    expect(failed.replies[0]!.text).toContain('timeout');
  });

  it('/status gives the 5-point health', async () => {
    const { replies } = await send('/status');
    expect(replies[0]!.text).toMatch(/^Health: (ok|degraded|down)/);
    for (const check of ['temporal', 'database', 'workers', 'llm', 'integrations'])
      expect(replies[0]!.text).toContain(check);
  });

  it('/pause needs a platform schedule; an unknown one is refused and nothing is audited', async () => {
    const usage = await send('/pause');
    expect(usage.replies[0]!.text).toBe('Usage: /pause <schedule>');
    const unknown = await send('/resume no-such-schedule');
    expect(unknown.replies[0]!.text).toContain('No platform schedule "no-such-schedule"');
    expect(await p.appDeps.payments.audit.bySubject('no-such-schedule')).toEqual([]);
  });

  it('/brief sends the CEO brief now', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const { replies } = await worker.runUntil(send('/brief'));
    await connection.close();
    expect(replies[0]!.text).toMatch(/^CEO brief \d{4}-\d{2}-\d{2}/);
    expect(replies[0]!.text).toContain('Revenue: 150.00 USD');
  });

  it('ignores and counts other chats, non-commands and a redelivered update', async () => {
    const metric = async (reason: string) =>
      (await p.appDeps.metrics.telegramIgnored.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
    const other = await send('/status', 999);
    expect(other.body).toEqual({ ok: true, ignored: 'other_chat' });
    expect(other.replies).toEqual([]);
    expect(await metric('other_chat')).toBe(1);

    expect((await send('hello bot')).body).toEqual({ ok: true, ignored: 'not_command' });

    const first = await send('/help');
    const again = await p.app.request('/webhook/telegram', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(first.update),
    });
    expect(await again.json()).toEqual({ ok: true, ignored: 'duplicate' });
    expect(tg.messages.filter((m) => m.text.startsWith('EchoPilot bot commands')).length).toBeGreaterThan(0);
    expect(await metric('duplicate')).toBe(1);
  });

  it('refuses a wrong secret (401) and a malformed update (400 naming the field)', async () => {
    expect((await send('/help', CHAT, 'wrong-secret-wrong-secret')).res.status).toBe(401);
    const bad = await p.app.request('/webhook/telegram', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify({ update_id: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('update_id');
  });
});

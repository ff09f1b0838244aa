import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { fullScheduleId } from '../../schedules/schedule-definition';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { ownNamespace } from '../support/own-namespace';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const TOKEN = '123456:bot-token-for-schedules';
const CHAT = '5151';
const SECRET = 'telegram-webhook-secret-schedules';
/** The bot acts on the platform's real schedule ids: a namespace of its own keeps other suites' schedules apart. */
const NAMESPACE = 'telegram-bot-schedules';
const SCHEDULE = 'pricing-ai';

describe('Telegram /pause and /resume on a real Temporal schedule (own namespace)', () => {
  let p: TestPlatform;
  let tg: TelegramFake;
  beforeAll(async () => {
    await ownNamespace(NAMESPACE);
    tg = await startTelegramFake(TOKEN);
    p = await createTestPlatform(
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_CHAT_ID: CHAT,
        TELEGRAM_API_BASE_URL: tg.baseUrl,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
      undefined,
      { namespace: NAMESPACE },
    );
    // Only the daily 03:00 schedule exists on the server: nothing fires while the test runs.
    const defs = scheduleDefinitions(p.config).filter((d) => d.id === SCHEDULE);
    await syncSchedules(p.client, defs, p.taskQueue);
    await p.client.schedule.getHandle(fullScheduleId(SCHEDULE)).unpause('test start');
  });
  afterAll(async () => {
    await p.client.schedule
      .getHandle(fullScheduleId(SCHEDULE))
      .delete()
      .catch(() => undefined);
    await p.close();
    await tg.close();
  });

  async function send(text: string, chat: string | number = CHAT) {
    const before = tg.messages.length;
    const res = await p.app.request('/webhook/telegram', tg.update(chat, text, SECRET).init);
    expect(res.status).toBe(200);
    return { body: (await res.json()) as Record<string, unknown>, replies: tg.messages.slice(before) };
  }
  const described = () => p.client.schedule.getHandle(fullScheduleId(SCHEDULE)).describe();
  const audited = async () =>
    (await p.appDeps.payments.audit.bySubject(SCHEDULE)).map((e) => ({ actor: e.actor, action: e.action }));

  it('/pause pauses the schedule in Temporal and audits it; /resume unpauses it and audits that', async () => {
    expect((await described()).state.paused).toBe(false);

    const paused = await send(`/pause ${SCHEDULE}`);
    expect(paused.body).toEqual({ ok: true, command: 'pause' });
    expect(paused.replies.map((m) => m.text)).toEqual([`Schedule ${SCHEDULE} paused.`]);
    const afterPause = await described();
    expect(afterPause.state.paused).toBe(true);
    expect(afterPause.state.note).toBe('paused via Telegram');
    expect(await audited()).toEqual([{ actor: 'telegram-bot', action: 'schedule.pause' }]);

    const resumed = await send(`/resume@echopilot_test_bot ${SCHEDULE}`);
    expect(resumed.replies.map((m) => m.text)).toEqual([`Schedule ${SCHEDULE} resumed.`]);
    const afterResume = await described();
    expect(afterResume.state.paused).toBe(false);
    expect(afterResume.state.note).toBe('resumed via Telegram');
    expect(await audited()).toEqual([
      { actor: 'telegram-bot', action: 'schedule.pause' },
      { actor: 'telegram-bot', action: 'schedule.unpause' },
    ]);
  });

  it('a /pause from another chat is ignored and counted: the schedule stays as it was, nothing audited', async () => {
    const ignoredBefore = await ignoredCount('other_chat');
    const auditBefore = (await audited()).length;
    const other = await send(`/pause ${SCHEDULE}`, 777);
    expect(other.body).toEqual({ ok: true, ignored: 'other_chat' });
    expect(other.replies).toEqual([]);
    expect(await ignoredCount('other_chat')).toBe(ignoredBefore + 1);
    expect((await described()).state.paused).toBe(false);
    expect(await audited()).toHaveLength(auditBefore);
  });

  it('an unknown schedule name gets a clear reply and changes nothing', async () => {
    const unknown = await send('/pause no-such-routine');
    expect(unknown.replies.map((m) => m.text)).toEqual([
      'No platform schedule "no-such-routine". /jobs, /status or GET /api/schedules list what runs.',
    ]);
    expect(await p.appDeps.payments.audit.bySubject('no-such-routine')).toEqual([]);
    // Defined by the platform but not on this namespace's server: said plainly, not a 500.
    const missing = await send('/resume heartbeat');
    expect(missing.replies.map((m) => m.text)).toEqual([
      'Schedule heartbeat is defined but not on the Temporal server; the worker creates it when it starts.',
    ]);
    expect(await p.appDeps.payments.audit.bySubject('heartbeat')).toEqual([]);
    expect((await described()).state.paused).toBe(false);
  });

  async function ignoredCount(reason: string): Promise<number> {
    const m = await p.appDeps.metrics.telegramIgnored.get();
    return m.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  }
});

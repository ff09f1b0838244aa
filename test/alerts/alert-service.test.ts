import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const TOKEN = '123456:telegram-test-token';
const DEDUPE_SECONDS = 3;

describe('alerts: Telegram Bot API, SMTP and webhook channels (local servers, real clients)', () => {
  let tg: TelegramFake;
  let smtp: SmtpFake;
  let hook: WebhookFake;
  let p: TestPlatform;

  beforeAll(async () => {
    [tg, smtp, hook] = await Promise.all([
      startTelegramFake(TOKEN),
      startSmtpFake({ user: 'ops@example.com', pass: 'app-password-1' }),
      startWebhookFake(),
    ]);
    p = await createTestPlatform({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '4242',
      TELEGRAM_API_BASE_URL: tg.baseUrl,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'oncall@example.com',
      ALERT_WEBHOOK_URL: hook.url,
      ALERT_DEDUPE_MINUTES: String(DEDUPE_SECONDS / 60),
    });
  });
  afterAll(async () => {
    await p.close();
    await Promise.all([tg.close(), smtp.close(), hook.close()]);
  });

  const count = (text: string) => ({
    telegram: tg.messages.filter((m) => m.text.includes(text)).length,
    email: smtp.mails.filter((m) => m.subject.includes(text)).length,
    webhook: hook.posts.filter((m) => m.text.includes(text)).length,
  });

  it('reaches every channel; a duplicate inside the window is suppressed; after the window it goes again', async () => {
    const alerts = p.appDeps.ops.alerts;
    const alert = {
      key: 'test:disk-full',
      severity: 'critical' as const,
      title: 'Disk almost full',
      text: 'data/ is at 97%',
    };
    const first = await alerts.send(alert);
    expect(first.outcomes).toEqual([
      { channel: 'telegram', status: 'sent' },
      { channel: 'email', status: 'sent' },
      { channel: 'webhook', status: 'sent' },
    ]);
    expect(count('Disk almost full')).toEqual({ telegram: 1, email: 1, webhook: 1 });
    expect(tg.messages.at(-1)).toMatchObject({ chatId: '4242', text: expect.stringContaining('data/ is at 97%') });
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({
      to: ['oncall@example.com'],
      from: 'ops@example.com',
      user: 'ops@example.com',
      subject: '[EchoPilot critical] Disk almost full',
    });
    expect(hook.posts.at(-1)).toMatchObject({ severity: 'critical', title: 'Disk almost full' });

    const again = await alerts.send(alert);
    expect(again.outcomes.map((o) => o.status)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(count('Disk almost full')).toEqual({ telegram: 1, email: 1, webhook: 1 });
    // A different key is a different alert.
    await alerts.send({ ...alert, key: 'test:disk-full:other' });
    expect(count('Disk almost full')).toEqual({ telegram: 2, email: 2, webhook: 2 });

    await sleep(DEDUPE_SECONDS * 1000 + 200);
    const later = await alerts.send(alert);
    expect(later.outcomes.map((o) => o.status)).toEqual(['sent', 'sent', 'sent']);
    expect(count('Disk almost full')).toEqual({ telegram: 3, email: 3, webhook: 3 });

    const log = await p.appDeps.ops.alertStore.recent(10);
    expect(log.filter((l) => l.key === 'test:disk-full')).toHaveLength(3);
  });

  it('one failing channel never blocks the others, and a retry re-sends only to it', async () => {
    tg.failWith(500);
    const alert = {
      key: 'test:queue-stalled',
      severity: 'warning' as const,
      title: 'Queue stalled',
      text: 'no progress for 20 min',
    };
    const first = await p.appDeps.ops.alerts.send(alert);
    expect(first.outcomes).toEqual([
      { channel: 'telegram', status: 'failed', error: expect.stringContaining('Telegram answered HTTP 500') },
      { channel: 'email', status: 'sent' },
      { channel: 'webhook', status: 'sent' },
    ]);
    expect(JSON.stringify(first)).not.toContain(TOKEN);
    expect(count('Queue stalled')).toEqual({ telegram: 0, email: 1, webhook: 1 });

    tg.failWith(undefined);
    const retry = await p.appDeps.ops.alerts.send(alert);
    expect(retry.outcomes.map((o) => `${o.channel}:${o.status}`)).toEqual([
      'telegram:sent',
      'email:suppressed',
      'webhook:suppressed',
    ]);
    expect(count('Queue stalled')).toEqual({ telegram: 1, email: 1, webhook: 1 });
  });

  it('a channel that is down (connection refused) fails alone, without leaking the bot token', async () => {
    const down = await createTestPlatform({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '4242',
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9', // nothing listens on the discard port
      ALERT_WEBHOOK_URL: hook.url,
    });
    try {
      const r = await down.appDeps.ops.alerts.send({
        key: 'test:down',
        severity: 'info',
        title: 'Telegram down',
        text: 'x',
      });
      expect(r.outcomes).toEqual([
        { channel: 'telegram', status: 'failed', error: expect.stringMatching(/^Telegram unreachable: /) },
        { channel: 'email', status: 'skipped' },
        { channel: 'webhook', status: 'sent' },
      ]);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    } finally {
      await down.close();
    }
  });

  it('skips channels that are not configured', async () => {
    const bare = await createTestPlatform();
    try {
      expect(bare.appDeps.ops.alerts.configured()).toEqual([]);
      const r = await bare.appDeps.ops.alerts.send({
        key: 'test:none',
        severity: 'info',
        title: 'Nobody listens',
        text: '',
      });
      expect(r.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
    } finally {
      await bare.close();
    }
  });

  it('delivers concurrently raised duplicates once', async () => {
    const alert = {
      key: 'test:race',
      severity: 'warning' as const,
      title: 'Raced alert',
      text: 'two routines at once',
    };
    const results = await Promise.all([
      p.appDeps.ops.alerts.send(alert),
      p.appDeps.ops.alerts.send(alert),
      p.appDeps.ops.alerts.send(alert),
    ]);
    expect(count('Raced alert')).toEqual({ telegram: 1, email: 1, webhook: 1 });
    expect(results.flatMap((r) => r.outcomes).filter((o) => o.status === 'sent')).toHaveLength(3);
  });
});

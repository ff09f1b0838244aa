import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { doctorCommand } from '../../cli/commands/doctor';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { temporalAddress } from '../support/temporal';

const TOKEN = '555:doctor-token';

describe('echopilot doctor: alert channels', () => {
  let tg: TelegramFake;
  let smtp: SmtpFake;
  let dataDir: string;
  beforeAll(async () => {
    [tg, smtp] = await Promise.all([
      startTelegramFake(TOKEN),
      startSmtpFake({ user: 'bot@example.com', pass: 'secret-pass-1' }),
    ]);
    dataDir = mkdtempSync(path.join(tmpdir(), 'doctor-'));
  });
  afterAll(async () => {
    await Promise.all([tg.close(), smtp.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function doctor(env: Record<string, string>): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      const code = await doctorCommand({
        TEMPORAL_ADDRESS: temporalAddress(),
        DATA_DIR: dataDir,
        PORT: '1',
        LOG_LEVEL: 'silent',
        ...env,
      });
      return { code, out: lines.join('\n') };
    } finally {
      spy.mockRestore();
    }
  }

  it('checks configured channels for real and lists the others as skipped', async () => {
    const { code, out } = await doctor({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '1',
      TELEGRAM_API_BASE_URL: tg.baseUrl,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'ops@example.com',
    });
    expect(out).toMatch(/✔ task fairness\s+served per client in turn/);
    expect(out).toMatch(/✔ telegram alerts\s+bot @echopilot_test_bot → chat 1/);
    expect(out).toMatch(/✔ email alerts\s+SMTP 127\.0\.0\.1:\d+ accepts login → ops@example\.com/);
    expect(out).toMatch(/- webhook alerts\s+not configured\n\s+fix: set ALERT_WEBHOOK_URL/);
    expect(out).not.toContain('secret-pass-1');
    expect(out).not.toContain(TOKEN);
    expect(code).toBe(0);
    expect(tg.messages).toEqual([]); // nothing was sent
    expect(smtp.mails).toEqual([]);
  });

  it('fails on a wrong bot token or SMTP password, naming the fix', async () => {
    const { code, out } = await doctor({
      TELEGRAM_BOT_TOKEN: '555:wrong',
      TELEGRAM_CHAT_ID: '1',
      TELEGRAM_API_BASE_URL: tg.baseUrl,
      SMTP_URL: smtp.url.replace('secret-pass-1', 'nope-nope'),
      ALERT_EMAIL_TO: 'ops@example.com',
    });
    expect(out).toMatch(/✘ telegram alerts\s+Telegram answered HTTP 401/);
    expect(out).toMatch(/✘ email alerts\s+.*\n\s+fix: check SMTP_URL/);
    expect(code).toBe(1);
  });
});

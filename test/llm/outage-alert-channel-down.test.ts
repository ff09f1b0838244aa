import { afterEach, describe, expect, it } from 'vitest';
import { createLlmOutageTracker } from '../../activities/llm-outage';
import { createAlertService } from '../../infra/alerts/alert-service';
import { createEmailChannel } from '../../infra/alerts/email-channel';
import type { Database } from '../../infra/db/open-database';
import { createAlertStore } from '../../infra/db/repositories/alert-store';
import { createLlmProviderHealth } from '../../infra/db/repositories/llm-provider-health';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { openTestDatabase } from '../support/test-database';

/**
 * Found by the outage scenario of `npm run chaos`: the LLM outage alert fell due while the mail server
 * was down too, the claim stayed taken, and the operator was never mailed for that outage.
 */
describe('LLM outage alert when the mail channel is down too (real SMTP server, real database)', () => {
  let database: Database | undefined;
  let smtp: SmtpFake | undefined;
  afterEach(async () => {
    await database?.close();
    await smtp?.close();
  });

  it('the failed mail is sent again on a later failure of the same outage, once, and its recovery once', async () => {
    database = await openTestDatabase();
    smtp = await startSmtpFake();
    const email = createEmailChannel({ smtpUrl: smtp.url, to: 'ops@example.com' });
    const alerts = createAlertService({
      channels: [email],
      store: createAlertStore(database.db),
      dedupeWindowMs: 3_600_000,
      secrets: [],
    });
    const tracker = createLlmOutageTracker({
      health: createLlmProviderHealth(database.db),
      alerts,
      alertAfterMs: 0,
    });
    const failing = () => smtp!.mails.filter((m) => m.subject.includes('LLM provider failing')).length;

    smtp.setDown(true);
    await tracker.failed('503 The server is overloaded');
    await tracker.failed('503 The server is overloaded');
    expect(failing()).toBe(0);

    smtp.setDown(false);
    await tracker.failed('503 The server is overloaded');
    expect(failing()).toBe(1);
    // Delivered now: further failures of the same outage send nothing more.
    await tracker.failed('503 The server is overloaded');
    await tracker.failed('503 The server is overloaded');
    expect(failing()).toBe(1);

    await tracker.succeeded();
    await tracker.succeeded();
    expect(smtp.mails.filter((m) => m.subject.includes('LLM provider recovered'))).toHaveLength(1);
    email.close();
  }, 120_000);
});

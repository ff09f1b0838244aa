import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutcome } from '../../domain/alerts';
import { createLlmOutageTracker } from '../../activities/llm-outage';
import { createAlertService } from '../../infra/alerts/alert-service';
import { createEmailChannel } from '../../infra/alerts/email-channel';
import type { Database } from '../../infra/db/open-database';
import { createAlertStore } from '../../infra/db/repositories/alert-store';
import { createLlmProviderHealth } from '../../infra/db/repositories/llm-provider-health';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';
import { openTestDatabase } from '../support/test-database';

/**
 * Found by the outage scenario of `npm run chaos`: the LLM outage alert fell due while the mail server
 * was down too, the claim stayed taken, and the operator was never mailed for that outage.
 */
describe('LLM outage alert when the mail channel is down too (real SMTP server, real database)', () => {
  let database: Database | undefined;
  let smtp: SmtpFake | undefined;
  let email: ReturnType<typeof createEmailChannel> | undefined;
  afterEach(async () => {
    email?.close();
    await database?.close();
    await smtp?.close();
  });

  /** A real database and SMTP server, the email channel to it, and a tracker alerting after `alertAfterMs`. */
  async function world() {
    database = await openTestDatabase();
    smtp = await startSmtpFake();
    email = createEmailChannel({ smtpUrl: smtp.url, to: 'ops@example.com' });
    const alerts = createAlertService({
      channels: [email],
      store: createAlertStore(database.db),
      dedupeWindowMs: 3_600_000,
      secrets: [],
    });
    const health = createLlmProviderHealth(database.db);
    const tracker = (alertAfterMs: number) => createLlmOutageTracker({ health, alerts, alertAfterMs });
    return { smtp, tracker };
  }

  it('the failed mail is sent again on a later failure of the same outage, once, and its recovery once', async () => {
    const { smtp, tracker: trackerAfter } = await world();
    const tracker = trackerAfter(0);
    const failing = () => smtp.mails.filter((m) => m.subject.includes('LLM provider failing')).length;

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
  }, 120_000);

  it('an outage whose alert fell due while mail was down and that ends with no later failure: both mailed on recovery', async () => {
    const { smtp, tracker: trackerAfter } = await world();
    const tracker = trackerAfter(0);
    const count = (s: string) => smtp.mails.filter((m) => m.subject.includes(s)).length;

    smtp.setDown(true);
    await tracker.failed('503 The server is overloaded');
    smtp.setDown(false);
    // The provider answers before any call fails again: the recovery carries the missed alert.
    await tracker.succeeded();
    await tracker.succeeded();
    expect(count('LLM provider failing')).toBe(1);
    expect(count('LLM provider recovered')).toBe(1);
    // An outage too short to be due is not announced at all.
    const patient = trackerAfter(3_600_000);
    await patient.failed('503 The server is overloaded');
    await patient.succeeded();
    expect(smtp.mails).toHaveLength(2);
  }, 120_000);
});

describe('LLM outage that ends while the mail server is still down (real dev server, worker, SMTP server)', () => {
  let h: PipelineHarness | undefined;
  let smtp: SmtpFake | undefined;
  afterEach(async () => {
    await h?.close();
    await smtp?.close();
    h = smtp = undefined;
  });

  it('the outage alert and its recovery are mailed once each when the mail server is back', async () => {
    smtp = await startSmtpFake();
    smtp.setDown(true);
    h = await startPipeline({ LLM_OUTAGE_ALERT_AFTER: '1s', SMTP_URL: smtp.url, ALERT_EMAIL_TO: 'ops@example.com' });
    let down = true;
    const base = h.llm.defaults.generate;
    h.llm.defaults.generate = (call, n) =>
      down ? { status: 503, message: 'The server is overloaded', type: 'server_error' } : base(call, n);
    const { taskId } = await h.submit({ title: 'Outage', prompt: 'Answer after the outage.' });
    const store = createAlertStore(h.p.database.db);
    // The alert fell due and its mail failed (the claim is given back).
    const missed = await waitFor('the undelivered outage alert', async () =>
      (await store.recent(50)).find(
        (a) =>
          a.key.startsWith('llm-provider-down:') &&
          (a.outcomes as ChannelOutcome[]).some((o) => o.channel === 'email' && o.status === 'failed'),
      ),
    );
    down = false;
    expect((await h.handle(taskId).result()).status).toBe('done');
    expect(smtp.mails).toHaveLength(0);

    smtp.setDown(false);
    const failing = await smtp.waitFor((m) => m.subject.includes('LLM provider failing'), 90_000);
    const recovered = await smtp.waitFor((m) => m.subject.includes('LLM provider recovered'), 90_000);
    expect(recovered.receivedAt).toBeGreaterThanOrEqual(failing.receivedAt);
    // Retried by the outage's notice workflow, which then completes.
    await h.p.client.workflow.getHandle(`llm-outage-notice-${missed.key.slice('llm-provider-down:'.length)}`).result();
    expect(smtp.mails.map((m) => m.subject.replace(/.*\] /, ''))).toEqual([
      expect.stringContaining('LLM provider failing'),
      'LLM provider recovered',
    ]);
  }, 240_000);
});

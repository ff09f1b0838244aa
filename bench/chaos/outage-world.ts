import type { OpenAiFake } from '../../test/fakes/openai-fake';
import type { NotionFake } from '../../test/fakes/notion-fake';
import { startSmtpFake, type SmtpFake } from '../../test/fakes/smtp-fake';
import { startStripeFront, type StripeFront } from '../../test/fakes/stripe-front';
import { startStripeMock } from '../../test/support/stripe-mock';
import { startJobLogNotion, type JobLogNotion } from './job-log';

export const ALERT_TO = 'ops@chaos.example';
export type Provider = 'llm' | 'notion' | 'smtp' | 'stripe';

/**
 * The four providers of the outage scenario, each with a switch: the OpenAI stand-in answering 503, the
 * Notion stand-in answering 429 then 502, the SMTP server refusing connections (421), and the front of
 * stripe-mock answering 503. The platform reaches all of them with its real SDKs, as in production.
 */
export interface OutageWorld {
  env: Record<string, string>;
  notion: NotionFake;
  jobLog: JobLogNotion;
  smtp: SmtpFake;
  stripe: StripeFront;
  down(p: Provider): void;
  up(p: Provider): void;
  close(): Promise<void>;
}

export async function startOutageWorld(llm: OpenAiFake): Promise<OutageWorld> {
  const jobLog = await startJobLogNotion();
  const { notion } = jobLog;
  const smtp = await startSmtpFake();
  const mock = await startStripeMock();
  const stripe = await startStripeFront(mock.url);

  let llmDown = false;
  const [generate, qa] = [llm.defaults.generate, llm.defaults.qa];
  const unavailable = { status: 503, message: 'The server is overloaded or not ready yet.', type: 'server_error' };
  llm.defaults.generate = (c, n) => (llmDown ? unavailable : generate(c, n));
  llm.defaults.qa = (c, n) => (llmDown ? unavailable : qa(c, n));
  let notionTurn: ReturnType<typeof setTimeout> | undefined;
  const notionError = (status: number, code: string, headers?: Record<string, string>) => ({
    status,
    headers,
    body: { object: 'error', status, code, message: `outage: ${code}` },
  });

  const set = (p: Provider, down: boolean) => {
    if (p === 'llm') llmDown = down;
    if (p === 'smtp') smtp.setDown(down);
    if (p === 'stripe') stripe.failWith(down ? 503 : undefined);
    if (p === 'notion') {
      clearTimeout(notionTurn);
      // Rate limited first (as Notion sheds load), then its gateway failing.
      notion.failWith(down ? notionError(429, 'rate_limited', { 'retry-after': '1' }) : undefined);
      if (down) notionTurn = setTimeout(() => notion.failWith(notionError(502, 'bad_gateway')), 4_000);
    }
  };
  return {
    env: {
      ...jobLog.env,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: ALERT_TO,
      ALERT_EMAIL_FROM: 'EchoPilot <alerts@chaos.example>',
      STRIPE_SECRET_KEY: 'sk_test_echopilot0123456789',
      STRIPE_API_BASE_URL: stripe.url,
      // The outage alert after 2 s instead of 5 min, so a short window shows it.
      LLM_OUTAGE_ALERT_AFTER: '2s',
    },
    notion,
    jobLog,
    smtp,
    stripe,
    down: (p) => set(p, true),
    up: (p) => set(p, false),
    async close() {
      clearTimeout(notionTurn);
      await Promise.allSettled([notion.close(), smtp.close(), stripe.close()]);
      await mock.stop();
    },
  };
}

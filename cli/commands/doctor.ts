import { channelProbes } from '../../infra/alerts/channel-probes';
import { ConfigError, loadConfig, type Config } from '../../infra/config/load-config';
import { createLlmClient } from '../../infra/clients/llm-client';
import { createNotionClient } from '../../infra/clients/notion-client';
import { createStripeClient } from '../../infra/clients/stripe-client';
import { databaseTargetFor, openDatabase } from '../../infra/db/open-database';
import { connectClient, temporalTarget } from '../../infra/temporal/connect';
import { findFfmpeg } from '../../infra/media/split-audio';
import { findTemporalCli } from '../../infra/temporal/temporal-cli';
import { systemPath } from '../boot';
import { fairnessFinding } from './doctor-fairness';
import { rateGuardFindings } from './doctor-rate-guard';

type Verdict = 'ok' | 'warn' | 'fail' | 'skip';
interface Finding {
  name: string;
  verdict: Verdict;
  detail: string;
  fix?: string;
}

const ICON: Record<Verdict, string> = { ok: '✔', warn: '!', fail: '✘', skip: '-' };

async function attempt(name: string, fix: string, fn: () => Promise<string>): Promise<Finding> {
  try {
    return { name, verdict: 'ok', detail: await fn() };
  } catch (err) {
    return { name, verdict: 'fail', detail: (err as Error).message.split('\n')[0]!.slice(0, 200), fix };
  }
}

async function platformHealth(config: Config): Promise<{ database?: string } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${config.http.port}/health`, { signal: AbortSignal.timeout(2_000) });
    return ((await res.json()) as { checks?: { database?: string } }).checks;
  } catch {
    return undefined;
  }
}

/** `echopilot doctor`: checks configuration, Temporal, database and every configured integration. */
export async function doctorCommand(env: Record<string, string | undefined>): Promise<number> {
  const findings: Finding[] = [];
  let config: Config;
  try {
    config = loadConfig(env);
    findings.push({ name: 'config', verdict: 'ok', detail: 'environment parsed' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.log(`${ICON.fail} config\n${err.message}`);
    return 1;
  }

  const cli = findTemporalCli(config.temporal.cliPath, systemPath());
  findings.push(
    config.temporal.address
      ? { name: 'temporal cli', verdict: 'skip', detail: 'TEMPORAL_ADDRESS set: no embedded server needed' }
      : cli
        ? { name: 'temporal cli', verdict: 'ok', detail: cli }
        : { name: 'temporal cli', verdict: 'fail', detail: 'not found', fix: 'bash scripts/ensure-temporal.sh' },
  );
  const ffmpeg = findFfmpeg(config.media.ffmpegPath, systemPath());
  findings.push(
    ffmpeg
      ? { name: 'ffmpeg', verdict: 'ok', detail: ffmpeg }
      : {
          name: 'ffmpeg',
          verdict: 'warn',
          detail: 'not found: media over one transcription request (25 MB) will fail',
          fix: 'bash scripts/ensure-ffmpeg.sh, or set FFMPEG_PATH',
        },
  );
  const target = temporalTarget(config.temporal);
  const address = target.address;
  findings.push(
    await attempt('temporal', `start the platform (npm start) or set TEMPORAL_ADDRESS`, async () => {
      const client = await connectClient(target, 2_000);
      const info = await client.workflowService.getSystemInfo({});
      await client.connection.close();
      return `${address} server ${info.serverVersion}`;
    }),
  );

  if (findings.at(-1)?.verdict === 'ok') findings.push(await fairnessFinding(target));

  const running = await platformHealth(config);
  if (running) {
    findings.push({
      name: 'database',
      verdict: running.database === 'ok' ? 'ok' : 'fail',
      detail: `reported by the running platform: ${running.database}`,
    });
  } else {
    findings.push(
      await attempt('database', 'check DATABASE_URL, or the permissions of DATA_DIR', async () => {
        const db = await openDatabase(databaseTargetFor(config));
        await db.ping();
        await db.close();
        return `${db.kind} reachable, migrations applied`;
      }),
    );
  }

  findings.push(...(await rateGuardFindings(config, !!running)));

  const llm = createLlmClient(config.llm);
  findings.push(
    llm
      ? await attempt('llm', 'check AI_INTEGRATIONS_OPENAI_API_KEY / _BASE_URL', async () => {
          await llm.models.list();
          return `${config.llm.baseUrl ?? 'api.openai.com'} reachable (model ${config.llm.model}, QA ${config.llm.qaModel})`;
        })
      : {
          name: 'llm',
          verdict: 'warn',
          detail: 'not configured: tasks fail fast with "LLM not configured"',
          fix: 'set AI_INTEGRATIONS_OPENAI_API_KEY (and _BASE_URL for a non-OpenAI endpoint)',
        },
  );
  const notion = createNotionClient(config.notion);
  findings.push(
    notion
      ? await attempt('notion', 'check NOTION_TOKEN and share the databases with the integration', async () => {
          await notion.users.me({});
          return config.notion.queueDbId
            ? 'token valid'
            : 'token valid, AUTOMATION_QUEUE_DB_ID missing: no Notion intake';
        })
      : {
          name: 'notion',
          verdict: 'skip',
          detail: 'not configured: REST intake only',
          fix: 'set NOTION_TOKEN and AUTOMATION_QUEUE_DB_ID',
        },
  );
  const stripe = createStripeClient(config.stripe);
  findings.push(
    stripe
      ? await attempt('stripe', `check the ${config.stripe.mode} key`, async () => {
          await stripe.balance.retrieve();
          return `${config.stripe.mode} mode, key valid${config.stripe.webhookSecret ? '' : '; STRIPE_WEBHOOK_SECRET missing: webhooks rejected'}`;
        })
      : {
          name: 'stripe',
          verdict: 'skip',
          detail: 'not configured: payments disabled',
          fix: 'set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
        },
  );
  const a = config.alerts;
  findings.push(
    a.telegramBotToken
      ? await attempt('telegram alerts', 'check TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_CHAT_ID', () =>
          channelProbes.telegram(a),
        )
      : {
          name: 'telegram alerts',
          verdict: 'skip',
          detail: 'not configured',
          fix: 'set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID',
        },
    a.smtpUrl && a.emailTo
      ? await attempt(
          'email alerts',
          'check SMTP_URL (Gmail: smtps://you%40gmail.com:APP-PASSWORD@smtp.gmail.com:465)',
          () => channelProbes.email(a),
        )
      : { name: 'email alerts', verdict: 'skip', detail: 'not configured', fix: 'set SMTP_URL and ALERT_EMAIL_TO' },
    a.webhookUrl
      ? {
          name: 'webhook alerts',
          verdict: 'ok',
          detail: `configured (${new URL(a.webhookUrl).host}); send one with POST /api/alerts/test`,
        }
      : { name: 'webhook alerts', verdict: 'skip', detail: 'not configured', fix: 'set ALERT_WEBHOOK_URL' },
    config.paypal.clientId
      ? { name: 'paypal webhooks', verdict: 'ok', detail: 'configured (verified through PayPal on each delivery)' }
      : {
          name: 'paypal webhooks',
          verdict: 'skip',
          detail: 'not configured: /webhook/paypal answers 503',
          fix: 'set PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID',
        },
  );

  for (const f of findings) {
    console.log(
      `${ICON[f.verdict]} ${f.name.padEnd(16)} ${f.detail}${f.fix && f.verdict !== 'ok' ? `\n  ${''.padEnd(16)} fix: ${f.fix}` : ''}`,
    );
  }
  return findings.some((f) => f.verdict === 'fail') ? 1 : 0;
}

import { z } from 'zod';
import { rateLimitsSchema } from '../../domain/llm-limits';
import { fairnessWeightsSchema } from '../../domain/task-fairness';
import { priceTableSchema } from '../../domain/pricing';
import { notionPropertyOverridesSchema } from '../../domain/notion-properties';
import { parseCidr, type CidrEntry } from '../net/ip-address';

/** An empty variable (`FOO=`) means "unset", as in most dotenv tooling. */
const opt = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: NonNullable<z.output<T>>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.default(fallback as never));

/** 0 (keep forever) or at least 30 days: the routines look back up to 14 days and reports up to 30. */
const retentionDays = z.coerce
  .number()
  .int()
  .min(0)
  .max(36_500)
  .refine((d) => d === 0 || d >= 30, 'expected 0 (keep forever) or at least 30 days');

/** 32 random bytes, base64 (the value is never echoed: only its length is named). */
const masterKey = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: 'expected 32 bytes, base64-encoded (`openssl rand -base64 32`)',
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (UTC, 24h)');
const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();
/** Stripe's zero-decimal currencies would break "amounts are cents"; refuse them rather than mis-charge. */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const currency = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.string().regex(/^[a-z]{3}$/, 'expected a 3-letter ISO 4217 code'))
  .refine((v) => !ZERO_DECIMAL.has(v), 'zero-decimal currencies are not supported (amounts are kept in cents)');
/** Comma-separated CIDR ranges (`10.0.0.0/8, fd00::/8`) or single addresses; each entry validated. */
const cidrList = z.string().transform((s, ctx) => {
  const entries: CidrEntry[] = [];
  for (const raw of s
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const entry = parseCidr(raw);
    if (entry) entries.push(entry);
    else ctx.addIssue({ code: 'custom', message: `"${raw.slice(0, 60)}" is not an IP address or CIDR range` });
  }
  return entries;
});
/** A CIDR entry's prefix length fits its family (`10.0.0.0/8`, `fd00::/8`). */
const allowedRange = (h: string) => {
  const [net, bits] = h.split('/');
  return bits === undefined || Number(bits) <= (net!.includes(':') ? 128 : 32);
};
/** A duration such as `500ms`, `30s`, `5m`, `6h`, in ms. */
const duration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'expected a duration such as 30s, 5m or 6h')
  .transform((v) => {
    const [, n, unit] = /^([\d.]+)(ms|s|m|h)$/.exec(v)!;
    return Math.round(Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
  });
/** A longer duration that may also be given in days (`7d`, `30d`), in ms. */
const longDuration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'expected a duration such as 30s, 6h or 7d')
  .transform((v) => {
    const [, n, unit] = /^([\d.]+)(ms|s|m|h|d)$/.exec(v)!;
    const ms = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
    return Math.round(Number(n) * ms);
  });
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A JSON-valued variable, parsed then validated by `schema`. */
const json = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/**
 * Every environment variable the platform reads, in one place. Names follow the original EchoPilot runbook
 * (the original runbook) plus the Temporal/database additions of README "HTTP API".
 */
export const envSchema = z.object({
  NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
  LOG_LEVEL: withDefault(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
  DATA_DIR: withDefault(z.string(), 'data'),
  /** Commit to report when there is no .git (container images). */
  ECHOPILOT_BUILD_ID: opt(z.string()),

  // HTTP API
  PORT: withDefault(port, 5000),
  /** Loopback unless told otherwise: the container image sets HOST=0.0.0.0 (README "Security"). */
  HOST: withDefault(z.string(), '127.0.0.1'),
  PUBLIC_URL: opt(url),
  /** Where the CLI's tasks/clients commands reach the API. */
  ECHOPILOT_API_URL: opt(url),
  DASHBOARD_KEY: opt(z.string().min(16, 'must be at least 16 characters')),
  SESSION_SECRET: opt(z.string().min(16, 'must be at least 16 characters')),
  /** How long a dashboard sign-in lasts (the session cookie's lifetime). */
  DASHBOARD_SESSION_HOURS: withDefault(z.coerce.number().int().min(1).max(720), 12),
  /** Temporal payload encryption (crypto-shredding, README "Payload encryption"). */
  PAYLOAD_ENCRYPTION: withDefault(bool, true),
  /** Wraps the per-client data keys; unset: generated into DATA_DIR/encryption-master-key. */
  ENCRYPTION_MASTER_KEY: opt(masterKey),
  /** The master key before a rotation: still unwraps data keys until `echopilot keys rotate-master`. */
  ENCRYPTION_MASTER_KEY_PREVIOUS: opt(masterKey),
  /** The secret SESSION_SECRET replaced: still verifies delivery links for 24 h after the rotation. */
  SESSION_SECRET_PREVIOUS: opt(z.string().min(16, 'must be at least 16 characters')),
  TRUST_PROXY: withDefault(bool, false),
  /** With TRUST_PROXY: how many proxies append to X-Forwarded-For in front of the API. */
  TRUSTED_PROXY_HOPS: withDefault(z.coerce.number().int().min(1).max(20), 1),
  /** With TRUST_PROXY: the proxies' addresses (CIDR list); replaces the hop count when set. */
  TRUSTED_PROXIES: opt(cidrList),

  // Temporal
  TEMPORAL_ADDRESS: opt(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')),
  /** Unset: the profile's namespace, else `default`. */
  TEMPORAL_NAMESPACE: opt(z.string().min(1)),
  /** Temporal Cloud and secured clusters (`@temporalio/envconfig`, README "Temporal Cloud and secured clusters"). */
  TEMPORAL_CONFIG_FILE: opt(z.string()),
  TEMPORAL_PROFILE: opt(z.string().min(1)),
  TEMPORAL_API_KEY: opt(z.string()),
  TEMPORAL_TLS: opt(bool),
  TEMPORAL_TLS_CLIENT_CERT_PATH: opt(z.string()),
  TEMPORAL_TLS_CLIENT_KEY_PATH: opt(z.string()),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: opt(z.string()),
  TEMPORAL_TLS_SERVER_NAME: opt(z.string()),
  TEMPORAL_TASK_QUEUE: withDefault(z.string().min(1), 'echopilot'),
  /** Task Queue Fairness: each client's share of the queue by plan, e.g. {"standard":1,"pro":3}; others weigh 1. */
  TASK_FAIRNESS_WEIGHTS: opt(json(fairnessWeightsSchema)),
  TEMPORAL_DEV_PORT: withDefault(port, 7233),
  TEMPORAL_UI_PORT: withDefault(port, 8233),
  TEMPORAL_CLI_PATH: opt(z.string()),
  METRICS_PORT: withDefault(port, 9464),
  /** Application metrics (prom-client), bound to HOST; 0 turns the endpoint off. */
  APP_METRICS_PORT: withDefault(port, 9465),
  /** OTLP/HTTP collector base URL (e.g. http://localhost:4318); unset: tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: opt(url),
  OTEL_SERVICE_NAME: withDefault(z.string().min(1), 'echopilot'),
  /** Worker sizing (defaults in worker/create-worker.ts, chosen with `npm run bench`). */
  WORKER_MAX_CACHED_WORKFLOWS: opt(z.coerce.number().int().min(0)),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: opt(z.coerce.number().int().min(2)),
  WORKER_MAX_CONCURRENT_ACTIVITIES: opt(z.coerce.number().int().min(1)),
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: opt(z.coerce.number().int().min(1)),

  // Database
  DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…')),

  // LLM (any OpenAI-compatible endpoint)
  AI_INTEGRATIONS_OPENAI_API_KEY: opt(z.string()),
  AI_INTEGRATIONS_OPENAI_BASE_URL: opt(url),
  OPENAI_API_KEY: opt(z.string()),
  OPENAI_BASE_URL: opt(url),
  LLM_MODEL: withDefault(z.string(), 'gpt-4o'),
  QA_MODEL: withDefault(z.string(), 'gpt-4o-mini'),
  QA_THRESHOLD: withDefault(z.coerce.number().int().min(0).max(100), 80),
  QA_MAX_ATTEMPTS: withDefault(z.coerce.number().int().min(1).max(10), 3),
  TRANSCRIBE_MODEL: withDefault(z.string(), 'whisper-1'),
  /** JSON price overrides, e.g. {"gpt-4o":{"inputPer1M":2.5,"outputPer1M":10},"whisper-1":{"perMinute":0.006}} */
  LLM_PRICES: opt(json(priceTableSchema)),
  LLM_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(5).max(3600), 300),
  /** Heartbeat timeout of LLM activities: how fast a dead worker's call is retried elsewhere. */
  LLM_HEARTBEAT_SECONDS: withDefault(z.coerce.number().int().min(2).max(600), 30),
  /** How long one LLM step keeps retrying transient provider failures (5xx, timeouts) before the task fails. */
  LLM_RETRY_DEADLINE: withDefault(duration, 6 * 3_600_000),
  /** Provider limits per model, e.g. {"gpt-4o":{"rpm":500,"tpm":30000}}; unset models use LLM_RPM / LLM_TPM. */
  LLM_RATE_LIMITS: opt(json(rateLimitsSchema)),
  /** false: no pacing, the provider's 429s alone slow the calls down (for comparison). */
  LLM_PACING: withDefault(bool, true),
  /** Per-model LLM task queues whose workers Temporal paces (maxTaskQueueActivitiesPerSecond). */
  LLM_TASK_QUEUES: withDefault(bool, true),
  LLM_RPM: opt(z.coerce.number().int().positive()),
  LLM_TPM: opt(z.coerce.number().int().positive()),
  /** One alert when the provider has been failing this long, another when it recovers. */
  LLM_OUTAGE_ALERT_AFTER: withDefault(duration, 5 * 60_000),
  MEDIA_MAX_BYTES: withDefault(z.coerce.number().int().positive(), 1_610_612_736),
  MEDIA_MAX_SECONDS: withDefault(z.coerce.number().int().positive(), 4 * 3600),
  /** Hosts (names, IPs or CIDR ranges, comma-separated) a media URL may reach even on a private/loopback address. */
  MEDIA_ALLOWED_HOSTS: withDefault(
    z.string().refine(
      (v) =>
        v
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean)
          .every((h) => /^[\w.-]+$|^\[?[\da-f:.]+\]?(\/\d{1,3})?$/i.test(h) && allowedRange(h)),
      'expected host names, IP addresses or CIDR ranges, comma-separated',
    ),
    '',
  ),
  /** A media download fails its attempt after this long without an answer or new bytes. */
  MEDIA_IDLE_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(1).max(3600), 60),
  MEDIA_MAX_REDIRECTS: withDefault(z.coerce.number().int().min(0).max(20), 5),
  /** Cached media files older than this are deleted (at worker start and when a run releases its files). */
  MEDIA_CACHE_MAX_AGE_HOURS: withDefault(
    z.coerce
      .number()
      .positive()
      .max(24 * 30),
    24,
  ),
  /** One transcription request's upload limit (OpenAI: 25 MiB); bigger media is cut into parts with ffmpeg. */
  TRANSCRIBE_MAX_UPLOAD_BYTES: withDefault(z.coerce.number().int().min(1024), 26_214_400),
  /** Length of each part (mono 32 kbit/s MP3: an hour is ~14 MB, under any upload limit). */
  TRANSCRIBE_PART_SECONDS: withDefault(z.coerce.number().int().min(1).max(3600), 600),
  /** ffmpeg binary for splitting long media; unset: `ffmpeg` on PATH, then .tools/bin/ffmpeg. */
  FFMPEG_PATH: opt(z.string()),

  // Notion
  NOTION_TOKEN: opt(z.string()),
  NOTION_API_BASE_URL: opt(url),
  AUTOMATION_QUEUE_DB_ID: opt(z.string()),
  AUTOMATION_LOG_DB_ID: opt(z.string()),
  JOB_LOG_DB_ID: opt(z.string()),
  /** The verification token of the Notion webhook subscription (signs X-Notion-Signature). */
  NOTION_WEBHOOK_SECRET: opt(z.string()),
  /** JSON overrides of Notion property names, e.g. {"queue":{"prompt":"Brief"}}; defaults in README.md "Notion setup". */
  NOTION_PROPERTIES: opt(json(notionPropertyOverridesSchema)),
  NOTION_REQUESTS_PER_SECOND: withDefault(z.coerce.number().positive().max(50), 3),
  NOTION_POLL_EVERY_SECONDS: withDefault(z.coerce.number().int().min(10).max(3600), 60),
  /** Interval of the Notion Client database sync (CLIENT_DB_ID, README "Notion Client database"). */
  CLIENT_SYNC_EVERY_SECONDS: withDefault(z.coerce.number().int().min(30).max(86_400), 300),
  /** Public Temporal Web UI address for the run links written to Notion (default: the embedded UI). */
  TEMPORAL_UI_PUBLIC_URL: opt(url),

  // Payments
  STRIPE_MODE: withDefault(z.enum(['test', 'live']), 'test'),
  STRIPE_SECRET_KEY: opt(z.string()),
  STRIPE_SECRET_LIVE: opt(z.string()),
  STRIPE_WEBHOOK_SECRET: opt(z.string()),
  STRIPE_API_BASE_URL: opt(url),
  DEFAULT_RATE_USD_PER_MIN: withDefault(z.coerce.number().positive(), 5.0),
  /** ISO 4217 code of invoices; two-decimal currencies only (amounts are integer cents). */
  PAYMENTS_CURRENCY: withDefault(currency, 'usd'),
  /** Largest invoice amount accepted, in major units (the original EchoPilot runbook's safe_price ceiling). */
  PAYMENTS_MAX_AMOUNT: withDefault(z.coerce.number().positive().max(999_999), 10_000),
  /** How long an invoice waits for payment before it expires (Stripe Checkout allows at most 24 h). */
  INVOICE_EXPIRY_SECONDS: withDefault(z.coerce.number().int().min(1).max(86_400), 86_400),
  /** The reminder email goes out this long before expiry (skipped when the expiry is shorter). */
  INVOICE_REMINDER_BEFORE_SECONDS: withDefault(z.coerce.number().int().min(1), 3_600),
  CHECKOUT_SUCCESS_URL: opt(url),
  CHECKOUT_CANCEL_URL: opt(url),
  /** First reconciliation scan (no stored cursor yet) looks this far back. */
  RECONCILIATION_LOOKBACK_HOURS: withDefault(z.coerce.number().int().min(1).max(720), 72),
  BUSINESS_NAME: withDefault(z.string().min(1), 'EchoPilot'),
  PAYPAL_CLIENT_ID: opt(z.string()),
  PAYPAL_CLIENT_SECRET: opt(z.string()),
  PAYPAL_WEBHOOK_ID: opt(z.string()),
  /** Default: PayPal's sandbox in STRIPE_MODE=test, its live API in STRIPE_MODE=live. */
  PAYPAL_API_BASE_URL: opt(url),
  /** Webhook verifications asked of PayPal per minute, at most (each unauthenticated delivery costs one). */
  PAYPAL_VERIFY_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(100_000), 120),
  /** Google Drive delivery: service-account key JSON, inline or a file path (README "Google Drive delivery"). */
  GOOGLE_DRIVE_CREDENTIALS: opt(z.string()),
  GOOGLE_DRIVE_PARENT_FOLDER_ID: opt(z.string()),
  GOOGLE_DRIVE_API_BASE_URL: opt(url),
  GOOGLE_DRIVE_TOKEN_URL: opt(url),
  GOOGLE_DRIVE_EVERY_SECONDS: withDefault(z.coerce.number().int().min(30).max(86_400), 300),

  // Alerts
  TELEGRAM_BOT_TOKEN: opt(z.string()),
  TELEGRAM_CHAT_ID: opt(z.string()),
  /** Secret token of the bot's webhook (POST /webhook/telegram); unset: bot commands off. Telegram's charset. */
  TELEGRAM_WEBHOOK_SECRET: opt(z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16–256 of A-Z a-z 0-9 _ -')),
  SMTP_URL: opt(z.string().regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…')),
  ALERT_EMAIL_TO: opt(z.email()),
  ALERT_WEBHOOK_URL: opt(url),
  /** Sender of receipts, reminders and refund notices. */
  MAIL_FROM: withDefault(z.string().min(3), 'EchoPilot <billing@echopilot.local>'),
  /** Telegram Bot API base; tests point it at a local fake. */
  TELEGRAM_API_BASE_URL: withDefault(url, 'https://api.telegram.org'),
  /** Sender of alert and report emails; defaults to the SMTP user when it is an address. */
  ALERT_EMAIL_FROM: opt(z.string().min(3)),
  /** The same alert (same key) is sent at most once per channel within this window. */
  ALERT_DEDUPE_MINUTES: withDefault(
    z.coerce
      .number()
      .positive()
      .max(7 * 24 * 60),
    60,
  ),

  // Audit log
  /** Ed25519 private key (PKCS#8 PEM, or its DER in base64) signing audit checkpoints; unset: generated under DATA_DIR. */
  AUDIT_SIGNING_KEY: opt(z.string().min(40, 'expected a PKCS#8 PEM or base64 DER Ed25519 private key')),

  // Data subject requests: erasure and rectification
  /** Years invoices and payments are kept after an erasure (identity replaced, processing restricted). */
  ERASURE_RETENTION_YEARS: withDefault(z.coerce.number().int().min(1).max(30), 10),
  /** Notion Client database: synced both ways with the clients; erasure trashes and rectification corrects the person's row there. */
  CLIENT_DB_ID: opt(z.string()),
  /** Notion Status database: the heartbeat updates one row per component in place (README "Notion Status database"). */
  STATUS_DB_ID: opt(z.string()),
  /** Notion page under which the weekly maintenance adds a child page with the configuration backup. */
  NOTION_CONFIG_BACKUP_PAGE_ID: opt(z.string()),

  // Operations
  RAILWAY_FALLBACK_PATH: withDefault(z.string(), 'backups/replica'),
  /** Snapshot generations kept under RAILWAY_FALLBACK_PATH (replica-sync, every 2 h). */
  REPLICA_KEEP: withDefault(z.coerce.number().int().min(1).max(1000), 12),
  /** Optional second snapshot destination: an S3-compatible bucket (README "Snapshots and restore"). */
  REPLICA_S3_BUCKET: opt(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3–63 of a-z 0-9 . -)'),
  ),
  /** S3-compatible endpoint (MinIO, R2, …); unset: AWS S3 itself. */
  REPLICA_S3_ENDPOINT: opt(url.refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL')),
  REPLICA_S3_REGION: withDefault(
    z.string().regex(/^[a-z0-9-]{2,32}$/, 'expected a region name like us-east-1'),
    'us-east-1',
  ),
  REPLICA_S3_ACCESS_KEY_ID: opt(z.string().min(3)),
  REPLICA_S3_SECRET_ACCESS_KEY: opt(z.string().min(8, 'must be at least 8 characters')),
  /** Key prefix of the generations in the bucket: `<prefix><snapshotId>/<file>`. */
  REPLICA_S3_PREFIX: withDefault(
    z
      .string()
      .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, "expected '' or path segments each ending in '/' (e.g. echopilot/)"),
    'echopilot/',
  ),
  /** Path-style URLs (`endpoint/bucket/key`); default: true with REPLICA_S3_ENDPOINT, false on AWS. */
  REPLICA_S3_FORCE_PATH_STYLE: opt(bool),
  SCHED_BRIEF_UTC: withDefault(hhmm, '08:00'),
  SCHED_REPORT_UTC: withDefault(hhmm, '09:00'),
  SCHED_SELFHEAL_EVERY_HOURS: withDefault(z.coerce.number().int().min(1).max(24), 6),

  // Self-operating routines (self-heal, job replay, auto-operator, predictive alerts)
  SELF_HEAL_LOOKBACK_HOURS: withDefault(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14),
    24,
  ),
  SELF_HEAL_BATCH: withDefault(z.coerce.number().int().min(1).max(500), 20),
  SCHEDULE_BACKFILL_MAX_RUNS: withDefault(z.coerce.number().int().min(1).max(1000), 100),
  JOB_REPLAY_LOOKBACK_DAYS: withDefault(z.coerce.number().int().min(1).max(90), 14),
  JOB_REPLAY_BATCH: withDefault(z.coerce.number().int().min(1).max(500), 10),
  MAX_REPLAYS_PER_TASK: withDefault(z.coerce.number().int().min(1).max(100), 3),
  STUCK_TASK_MINUTES: withDefault(
    z.coerce
      .number()
      .positive()
      .max(7 * 24 * 60),
    30,
  ),
  STUCK_ACTIVITY_ATTEMPTS: withDefault(z.coerce.number().int().min(2).max(1000), 5),
  BACKLOG_ALERT: withDefault(z.coerce.number().int().min(1), 50),
  FAILURE_RATE_ALERT_PCT: withDefault(z.coerce.number().min(1).max(100), 20),
  P95_ALERT_SECONDS: withDefault(z.coerce.number().positive(), 300),
  COST_TARGET_USD_PER_DAY: withDefault(z.coerce.number().positive(), 1),

  // Retention of the job ledger: 0 keeps everything. Finance totals keep counting archived tasks.
  TASK_RETENTION_DAYS: withDefault(retentionDays, 0),
  ATTEMPT_RETENTION_DAYS: withDefault(retentionDays, 0),

  // Pricing AI and referrals (README "Pricing AI", "Referrals").
  PRICING_TARGET_MARGIN_PCT: withDefault(z.coerce.number().min(0).max(500), 40),
  PRICING_MAX_STEP_PCT: withDefault(z.coerce.number().min(1).max(100), 10),
  PRICING_MIN_TASKS: withDefault(z.coerce.number().int().min(1).max(100_000), 20),
  PRICING_LOOKBACK_DAYS: withDefault(z.coerce.number().int().min(1).max(365), 30),
  REFERRAL_REWARD_PERCENT: withDefault(z.coerce.number().int().min(1).max(50), 10),

  // Data subject requests (GDPR Art. 12(3)): confirmation window, response deadline, reminder, extension cap.
  DSR_CONFIRM_TTL: withDefault(longDuration, 7 * 86_400_000),
  DSR_SLA: withDefault(longDuration, 30 * 86_400_000),
  DSR_SLA_REMINDER: withDefault(longDuration, 21 * 86_400_000),
  DSR_MAX_EXTENSION: withDefault(longDuration, 60 * 86_400_000),
});

export type Env = z.infer<typeof envSchema>;

/** Variables whose values are secrets: never logged, echoed or returned. */
export const SECRET_ENV_KEYS = [
  'GOOGLE_DRIVE_CREDENTIALS',
  'DASHBOARD_KEY',
  'SESSION_SECRET',
  'ENCRYPTION_MASTER_KEY',
  'ENCRYPTION_MASTER_KEY_PREVIOUS',
  'SESSION_SECRET_PREVIOUS',
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  'AI_INTEGRATIONS_OPENAI_API_KEY',
  'OPENAI_API_KEY',
  'NOTION_TOKEN',
  'NOTION_WEBHOOK_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_SECRET_LIVE',
  'STRIPE_WEBHOOK_SECRET',
  'PAYPAL_CLIENT_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SMTP_URL',
  'AUDIT_SIGNING_KEY',
  'REPLICA_S3_SECRET_ACCESS_KEY',
] as const satisfies readonly (keyof Env)[];

import path from 'node:path';
import type { z } from 'zod';
import type { ModelLimits, RateLimits } from '../../domain/llm-limits';
import { DEFAULT_FAIRNESS_WEIGHTS, type FairnessWeights } from '../../domain/task-fairness';
import { mergePrices, type PriceTable } from '../../domain/pricing';
import { resolveNotionPropertyNames, type NotionPropertyNames } from '../../domain/notion-properties';
import type { CidrEntry } from '../net/ip-address';
import {
  resolveTemporalConnection,
  TemporalSettingsError,
  type TemporalConnectionSettings,
} from '../temporal/connection-settings';
import { envSchema, SECRET_ENV_KEYS, type Env } from './env-schema';
import { replicaS3Config, replicaS3Problems, type ReplicaS3Config } from './replica-s3-config';

export interface WorkerSizing {
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTasks?: number;
  maxConcurrentActivities?: number;
  maxConcurrentLocalActivities?: number;
}

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  buildIdOverride?: string;
  /** Absolute path of the folder holding the embedded databases and generated keys. */
  dataDir: string;
  http: {
    port: number;
    host: string;
    publicUrl?: string;
    trustProxy: boolean;
    trustedProxyHops: number;
    trustedProxies?: CidrEntry[];
    /** The API as the CLI reaches it. */
    apiUrl: string;
  };
  auth: {
    dashboardKey?: string;
    sessionSecret?: string;
    sessionSecretPrevious?: string;
    /** Lifetime of a dashboard sign-in. */
    dashboardSessionMs: number;
  };
  /** Temporal payload encryption; master keys as base64 (32 bytes). */
  encryption: { enabled: boolean; masterKey?: string; previousMasterKey?: string };
  temporal: {
    /** Unset: the all-in-one start launches the embedded dev server. */
    address?: string;
    namespace: string;
    /** API key, TLS and gRPC metadata of every connection (TEMPORAL_* variables and config profile). */
    connection: TemporalConnectionSettings;
    taskQueue: string;
    /** TASK_FAIRNESS_WEIGHTS: plan -> fairness weight of its clients' tasks. */
    fairnessWeights: FairnessWeights;
    devPort: number;
    uiPort: number;
    cliPath?: string;
    metricsPort: number;
    /** Base of the run links (Temporal Web UI). */
    uiPublicUrl: string;
  };
  /** Application metrics endpoint (prom-client); port 0: off. */
  metrics: { appPort: number; host: string };
  /** OpenTelemetry export; no endpoint: tracing off. */
  tracing: { otlpEndpoint?: string; serviceName: string };
  database: { url?: string };
  /** Worker sizing overrides; unset = the defaults of worker/create-worker.ts. */
  worker: WorkerSizing;
  llm: {
    apiKey?: string;
    baseUrl?: string;
    model: string;
    qaModel: string;
    qaThreshold: number;
    qaMaxAttempts: number;
    transcribeModel: string;
    /** Defaults merged with LLM_PRICES. */
    prices: PriceTable;
    timeoutMs: number;
    heartbeatTimeoutMs: number;
    /** LLM_RETRY_DEADLINE: transient provider failures retry with capped backoff for this long. */
    retryDeadlineMs: number;
    outageAlertAfterMs: number;
    /** LLM_RATE_LIMITS per model, LLM_RPM / LLM_TPM for the others (limits learned from the provider lower them). */
    rateLimits: RateLimits;
    defaultLimits: ModelLimits;
    pacing: boolean;
    /** LLM_TASK_QUEUES: LLM calls on per-model task queues paced by Temporal (cli/platform.ts). */
    taskQueues: boolean;
  };
  media: {
    maxBytes: number;
    maxSeconds: number;
    cacheDir: string;
    maxUploadBytes: number;
    partSeconds: number;
    /** MEDIA_ALLOWED_HOSTS, split: private addresses these hosts/ranges may resolve to. */
    allowedHosts: string[];
    idleTimeoutMs: number;
    maxRedirects: number;
    cacheMaxAgeMs: number;
    /** FFMPEG_PATH as configured; the composition resolves it against PATH and .tools/. */
    ffmpegPath?: string;
  };
  notion: {
    token?: string;
    baseUrl?: string;
    queueDbId?: string;
    automationLogDbId?: string;
    jobLogDbId?: string;
    /** Notion Client database (CLIENT_DB_ID): client rows synced both ways. */
    clientDbId?: string;
    /** Notion Status database (STATUS_DB_ID): one row per component, written by the heartbeat. */
    statusDbId?: string;
    /** NOTION_CONFIG_BACKUP_PAGE_ID: parent page of the weekly configuration backups. */
    configBackupPageId?: string;
    clientSyncEverySeconds: number;
    webhookSecret?: string;
    properties: NotionPropertyNames;
    requestsPerSecond: number;
    pollEverySeconds: number;
  };
  stripe: {
    mode: 'test' | 'live';
    /** The key of the active mode (test key in test mode, live key in live mode). */
    secretKey?: string;
    webhookSecret?: string;
    baseUrl?: string;
  };
  pricing: { defaultRateUsdPerMin: number };
  /** Pricing AI rules and the referral reward (README "Pricing AI", "Referrals"). */
  intel: {
    targetMarginPct: number;
    maxStepPct: number;
    minTasks: number;
    lookbackDays: number;
    referralRewardPercent: number;
  };
  payments: {
    currency: string;
    maxAmountCents: number;
    invoiceExpirySeconds: number;
    reminderBeforeSeconds: number;
    successUrl: string;
    cancelUrl: string;
    reconciliationLookbackHours: number;
    businessName: string;
    /** PUBLIC_URL without a trailing slash (`http://localhost:$PORT` when unset): base of every link the platform sends out. */
    siteUrl: string;
  };
  paypal: { clientId?: string; clientSecret?: string; webhookId?: string; baseUrl: string; verifyPerMinute: number };
  /** Google Drive delivery; on only with credentials and a parent folder. */
  drive: {
    credentials?: string;
    parentFolderId?: string;
    apiBaseUrl?: string;
    tokenUrl?: string;
    everySeconds: number;
  };
  mail: { from: string };
  alerts: {
    telegramBotToken?: string;
    telegramChatId?: string;
    /** Bot commands: the webhook's secret token (unset: commands off). */
    telegramWebhookSecret?: string;
    smtpUrl?: string;
    emailTo?: string;
    webhookUrl?: string;
    telegramApiBaseUrl: string;
    emailFrom?: string;
    dedupeMinutes: number;
  };
  /** Data subject requests: durations in ms. */
  dsr: { confirmTtlMs: number; slaMs: number; reminderMs: number; maxExtensionMs: number };
  audit: {
    /** AUDIT_SIGNING_KEY as given; unset: infra/audit/signing-key.ts keeps one under dataDir. */
    signingKey?: string;
    /** Where signed checkpoints and weekly reports go: DATA_DIR/backups/audit. */
    dir: string;
    /** Their copy under RAILWAY_FALLBACK_PATH (relative paths are under DATA_DIR). */
    replicaDir: string;
  };
  /** Snapshots (infra/backup): the generation root and how many generations are kept. */
  replica: { dir: string; underDataDir: boolean; keep: number; s3?: ReplicaS3Config };
  /** Erasure and rectification of data subject requests. */
  compliance: {
    erasureRetentionYears: number;
    /** CLIENT_DB_ID: the Notion Client database whose rows name the person. */
    notionClientDbId?: string;
  };
  ops: {
    replicaPath: string;
    briefUtc: string;
    reportUtc: string;
    selfHealEveryHours: number;
    selfHealLookbackHours: number;
    selfHealBatch: number;
    jobReplayLookbackDays: number;
    jobReplayBatch: number;
    maxReplaysPerTask: number;
    stuckTaskMinutes: number;
    stuckActivityAttempts: number;
    backlogAlert: number;
    failureRateAlertPct: number;
    p95AlertMs: number;
    costTargetMicroUsdPerDay: number;
    /** A backfill that would start more runs than this is refused. */
    scheduleBackfillMaxRuns: number;
    /** 0 = keep. */
    taskRetentionDays: number;
    attemptRetentionDays: number;
  };
  /** Secret values present in this configuration, for log and error scrubbing. */
  secretValues: string[];
}

/** RAILWAY_FALLBACK_PATH, relative to DATA_DIR unless absolute; a folder under DATA_DIR is created on demand. */
function replicaSettings(dataDir: string, env: Env): Config['replica'] {
  const dir = path.resolve(dataDir, env.RAILWAY_FALLBACK_PATH);
  const rel = path.relative(dataDir, dir);
  return {
    dir,
    underDataDir: !rel.startsWith('..') && !path.isAbsolute(rel),
    keep: env.REPLICA_KEEP,
    s3: replicaS3Config(env),
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Cross-field rules zod's per-field schema cannot express. */
function crossFieldProblems(env: Env): string[] {
  const problems: string[] = [];
  // Restricted keys (rk_…) carry the same mode marker as secret keys (sk_…).
  if (env.STRIPE_MODE === 'test' && /^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY ?? '')) {
    problems.push('STRIPE_SECRET_KEY: a live key (sk_live_…) is refused while STRIPE_MODE=test');
  }
  if (env.STRIPE_MODE === 'live') {
    if (!env.STRIPE_SECRET_LIVE) problems.push('STRIPE_SECRET_LIVE: required when STRIPE_MODE=live');
    else if (/^(sk|rk)_test_/.test(env.STRIPE_SECRET_LIVE)) {
      problems.push('STRIPE_SECRET_LIVE: a test key (sk_test_…) is refused while STRIPE_MODE=live');
    }
  }
  const paypal = [env.PAYPAL_CLIENT_ID, env.PAYPAL_CLIENT_SECRET, env.PAYPAL_WEBHOOK_ID];
  if (paypal.some(Boolean) && !paypal.every(Boolean)) {
    problems.push('PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID: set all three or none');
  }
  if (env.TRUSTED_PROXIES && !env.TRUST_PROXY) {
    problems.push('TRUSTED_PROXIES: only read with TRUST_PROXY=true (set it, or unset TRUSTED_PROXIES)');
  }
  if (env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_CHAT_ID) {
    problems.push('TELEGRAM_CHAT_ID: required when TELEGRAM_BOT_TOKEN is set');
  }
  problems.push(...replicaS3Problems(env));
  return problems;
}

function paymentsConfig(env: Env): Config['payments'] {
  const site = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    currency: env.PAYMENTS_CURRENCY,
    maxAmountCents: Math.round(env.PAYMENTS_MAX_AMOUNT * 100),
    invoiceExpirySeconds: env.INVOICE_EXPIRY_SECONDS,
    reminderBeforeSeconds: env.INVOICE_REMINDER_BEFORE_SECONDS,
    successUrl: env.CHECKOUT_SUCCESS_URL ?? `${site}/payments/success`,
    cancelUrl: env.CHECKOUT_CANCEL_URL ?? `${site}/payments/cancel`,
    reconciliationLookbackHours: env.RECONCILIATION_LOOKBACK_HOURS,
    businessName: env.BUSINESS_NAME,
    siteUrl: site,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

/** Parses the environment once at boot. Throws ConfigError listing every bad variable. */
export function loadConfig(source: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  const env = parsed.data;
  const problems = crossFieldProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);

  let connection: TemporalConnectionSettings;
  try {
    connection = resolveTemporalConnection(env);
  } catch (err) {
    if (err instanceof TemporalSettingsError) throw new ConfigError([err.message]);
    throw err;
  }
  // A key read from a config profile is as secret as one from the environment.
  const secretValues = [...SECRET_ENV_KEYS.map((k) => env[k]), connection.apiKey].filter(
    (v): v is string => !!v && v.length >= 6,
  );
  const dataDir = path.resolve(cwd, env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    buildIdOverride: env.ECHOPILOT_BUILD_ID,
    dataDir,
    http: {
      port: env.PORT,
      host: env.HOST,
      publicUrl: env.PUBLIC_URL,
      trustProxy: env.TRUST_PROXY,
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      trustedProxies: env.TRUSTED_PROXIES,
      apiUrl: (env.ECHOPILOT_API_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, ''),
    },
    auth: {
      dashboardKey: env.DASHBOARD_KEY,
      sessionSecret: env.SESSION_SECRET,
      sessionSecretPrevious: env.SESSION_SECRET_PREVIOUS,
      dashboardSessionMs: env.DASHBOARD_SESSION_HOURS * 3_600_000,
    },
    encryption: {
      enabled: env.PAYLOAD_ENCRYPTION,
      masterKey: env.ENCRYPTION_MASTER_KEY,
      previousMasterKey: env.ENCRYPTION_MASTER_KEY_PREVIOUS,
    },
    temporal: {
      address: connection.address,
      namespace: connection.namespace ?? 'default',
      connection,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      fairnessWeights: env.TASK_FAIRNESS_WEIGHTS ?? DEFAULT_FAIRNESS_WEIGHTS,
      devPort: env.TEMPORAL_DEV_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      cliPath: env.TEMPORAL_CLI_PATH,
      metricsPort: env.METRICS_PORT,
      uiPublicUrl: (env.TEMPORAL_UI_PUBLIC_URL ?? `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
    },
    metrics: { appPort: env.APP_METRICS_PORT, host: env.HOST },
    tracing: { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    database: { url: env.DATABASE_URL },
    worker: {
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentLocalActivities: env.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    },
    llm: {
      apiKey: env.AI_INTEGRATIONS_OPENAI_API_KEY ?? env.OPENAI_API_KEY,
      baseUrl: env.AI_INTEGRATIONS_OPENAI_BASE_URL ?? env.OPENAI_BASE_URL,
      model: env.LLM_MODEL,
      qaModel: env.QA_MODEL,
      qaThreshold: env.QA_THRESHOLD,
      qaMaxAttempts: env.QA_MAX_ATTEMPTS,
      transcribeModel: env.TRANSCRIBE_MODEL,
      prices: mergePrices(env.LLM_PRICES),
      timeoutMs: env.LLM_TIMEOUT_SECONDS * 1000,
      heartbeatTimeoutMs: env.LLM_HEARTBEAT_SECONDS * 1000,
      retryDeadlineMs: env.LLM_RETRY_DEADLINE,
      outageAlertAfterMs: env.LLM_OUTAGE_ALERT_AFTER,
      rateLimits: env.LLM_RATE_LIMITS ?? {},
      defaultLimits: { rpm: env.LLM_RPM, tpm: env.LLM_TPM },
      pacing: env.LLM_PACING,
      taskQueues: env.LLM_TASK_QUEUES,
    },
    media: {
      maxBytes: env.MEDIA_MAX_BYTES,
      maxSeconds: env.MEDIA_MAX_SECONDS,
      cacheDir: path.resolve(cwd, env.DATA_DIR, 'media-cache'),
      maxUploadBytes: env.TRANSCRIBE_MAX_UPLOAD_BYTES,
      partSeconds: env.TRANSCRIBE_PART_SECONDS,
      allowedHosts: env.MEDIA_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      idleTimeoutMs: env.MEDIA_IDLE_TIMEOUT_SECONDS * 1000,
      maxRedirects: env.MEDIA_MAX_REDIRECTS,
      cacheMaxAgeMs: env.MEDIA_CACHE_MAX_AGE_HOURS * 3_600_000,
      ffmpegPath: env.FFMPEG_PATH,
    },
    notion: {
      token: env.NOTION_TOKEN,
      baseUrl: env.NOTION_API_BASE_URL,
      queueDbId: env.AUTOMATION_QUEUE_DB_ID,
      automationLogDbId: env.AUTOMATION_LOG_DB_ID,
      jobLogDbId: env.JOB_LOG_DB_ID,
      clientDbId: env.CLIENT_DB_ID,
      statusDbId: env.STATUS_DB_ID,
      configBackupPageId: env.NOTION_CONFIG_BACKUP_PAGE_ID,
      clientSyncEverySeconds: env.CLIENT_SYNC_EVERY_SECONDS,
      webhookSecret: env.NOTION_WEBHOOK_SECRET,
      properties: resolveNotionPropertyNames(env.NOTION_PROPERTIES),
      requestsPerSecond: env.NOTION_REQUESTS_PER_SECOND,
      pollEverySeconds: env.NOTION_POLL_EVERY_SECONDS,
    },
    stripe: {
      mode: env.STRIPE_MODE,
      secretKey: env.STRIPE_MODE === 'live' ? env.STRIPE_SECRET_LIVE : env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      baseUrl: env.STRIPE_API_BASE_URL,
    },
    pricing: { defaultRateUsdPerMin: env.DEFAULT_RATE_USD_PER_MIN },
    intel: {
      targetMarginPct: env.PRICING_TARGET_MARGIN_PCT,
      maxStepPct: env.PRICING_MAX_STEP_PCT,
      minTasks: env.PRICING_MIN_TASKS,
      lookbackDays: env.PRICING_LOOKBACK_DAYS,
      referralRewardPercent: env.REFERRAL_REWARD_PERCENT,
    },
    payments: paymentsConfig(env),
    drive: {
      credentials: env.GOOGLE_DRIVE_CREDENTIALS,
      parentFolderId: env.GOOGLE_DRIVE_PARENT_FOLDER_ID,
      apiBaseUrl: env.GOOGLE_DRIVE_API_BASE_URL,
      tokenUrl: env.GOOGLE_DRIVE_TOKEN_URL,
      everySeconds: env.GOOGLE_DRIVE_EVERY_SECONDS,
    },
    paypal: {
      clientId: env.PAYPAL_CLIENT_ID,
      clientSecret: env.PAYPAL_CLIENT_SECRET,
      webhookId: env.PAYPAL_WEBHOOK_ID,
      baseUrl:
        env.PAYPAL_API_BASE_URL ??
        (env.STRIPE_MODE === 'live' ? 'https://api-m.paypal.com' : 'https://api-m.sandbox.paypal.com'),
      verifyPerMinute: env.PAYPAL_VERIFY_PER_MINUTE,
    },
    mail: { from: env.MAIL_FROM },
    alerts: {
      telegramBotToken: env.TELEGRAM_BOT_TOKEN,
      telegramChatId: env.TELEGRAM_CHAT_ID,
      telegramWebhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
      smtpUrl: env.SMTP_URL,
      emailTo: env.ALERT_EMAIL_TO,
      webhookUrl: env.ALERT_WEBHOOK_URL,
      telegramApiBaseUrl: env.TELEGRAM_API_BASE_URL.replace(/\/+$/, ''),
      emailFrom: env.ALERT_EMAIL_FROM,
      dedupeMinutes: env.ALERT_DEDUPE_MINUTES,
    },
    dsr: {
      confirmTtlMs: env.DSR_CONFIRM_TTL,
      slaMs: env.DSR_SLA,
      reminderMs: env.DSR_SLA_REMINDER,
      maxExtensionMs: env.DSR_MAX_EXTENSION,
    },
    audit: {
      signingKey: env.AUDIT_SIGNING_KEY,
      dir: path.join(dataDir, 'backups', 'audit'),
      replicaDir: path.join(path.resolve(dataDir, env.RAILWAY_FALLBACK_PATH), 'audit'),
    },
    replica: replicaSettings(dataDir, env),
    compliance: { erasureRetentionYears: env.ERASURE_RETENTION_YEARS, notionClientDbId: env.CLIENT_DB_ID },
    ops: {
      replicaPath: env.RAILWAY_FALLBACK_PATH,
      briefUtc: env.SCHED_BRIEF_UTC,
      reportUtc: env.SCHED_REPORT_UTC,
      selfHealEveryHours: env.SCHED_SELFHEAL_EVERY_HOURS,
      selfHealLookbackHours: env.SELF_HEAL_LOOKBACK_HOURS,
      selfHealBatch: env.SELF_HEAL_BATCH,
      jobReplayLookbackDays: env.JOB_REPLAY_LOOKBACK_DAYS,
      jobReplayBatch: env.JOB_REPLAY_BATCH,
      maxReplaysPerTask: env.MAX_REPLAYS_PER_TASK,
      stuckTaskMinutes: env.STUCK_TASK_MINUTES,
      stuckActivityAttempts: env.STUCK_ACTIVITY_ATTEMPTS,
      backlogAlert: env.BACKLOG_ALERT,
      failureRateAlertPct: env.FAILURE_RATE_ALERT_PCT,
      p95AlertMs: Math.round(env.P95_ALERT_SECONDS * 1000),
      // Money as integer micro-USD from here on.
      costTargetMicroUsdPerDay: Math.round(env.COST_TARGET_USD_PER_DAY * 1_000_000),
      scheduleBackfillMaxRuns: env.SCHEDULE_BACKFILL_MAX_RUNS,
      taskRetentionDays: env.TASK_RETENTION_DAYS,
      attemptRetentionDays: env.ATTEMPT_RETENTION_DAYS,
    },
    secretValues,
  };
}

import pino, { type Logger } from 'pino';
import { safeQueryError } from './db/query-error';

export type { Logger };

/** Field names whose values are always hidden, wherever they appear in a log object. */
const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-dash-key"]',
  'req.headers.authorization',
  'req.headers["x-dash-key"]',
  'dashboardKey',
  '*.dashboardKey',
];

/** Replaces every occurrence of a known secret value inside a string. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join('[REDACTED]');
  return out;
}

function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    // A failed query's error text and fields carry its parameters: only SQLSTATE and message are logged.
    const safe = safeQueryError(value);
    if (safe !== value) return { type: 'SafeQueryError', message: scrubSecrets((safe as Error).message, secrets) };
    return {
      type: value.name,
      message: scrubSecrets(value.message, secrets),
      stack: value.stack && scrubSecrets(value.stack, secrets),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets, depth + 1);
  return out;
}

export interface LoggerOptions {
  level: string;
  secrets: readonly string[];
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
}

/** Structured JSON logs; key-based redaction plus value-based scrubbing of configured secrets. */
export function createLogger(opts: LoggerOptions): Logger {
  const secrets = opts.secrets.filter((s) => s.length >= 6);
  return pino(
    {
      level: opts.level,
      base: { service: 'echopilot', ...opts.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { log: (obj) => scrubDeep(obj, secrets) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    opts.destination,
  );
}

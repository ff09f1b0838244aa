import type { Config } from '../config/load-config';

const SECRET_NAME = /(key|secret|token|password|passphrase|credential|smtpurl|^url$)/i;

/**
 * The configuration as it can be stored next to the data: every value named like a secret, equal to
 * or containing a secret value, or a URL with credentials is replaced by "[redacted]".
 */
export function redactedConfig(config: Config): unknown {
  const secrets = config.secretValues;
  const redact = (name: string, value: unknown): unknown => {
    if (name === 'secretValues') return undefined;
    if (typeof value !== 'string') return value;
    if (SECRET_NAME.test(name) || secrets.some((s) => value.includes(s))) return '[redacted]';
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) return '[redacted]';
    return value;
  };
  return JSON.parse(JSON.stringify(config, (k: string, v: unknown) => redact(k, v))) as unknown;
}

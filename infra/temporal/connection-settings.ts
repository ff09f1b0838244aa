import { existsSync, readFileSync } from 'node:fs';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';

/** The environment variables `@temporalio/envconfig` understands, as parsed by the env schema. */
export interface TemporalConnectionEnv {
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_NAMESPACE?: string;
  TEMPORAL_CONFIG_FILE?: string;
  TEMPORAL_PROFILE?: string;
  TEMPORAL_API_KEY?: string;
  TEMPORAL_TLS?: boolean;
  TEMPORAL_TLS_CLIENT_CERT_PATH?: string;
  TEMPORAL_TLS_CLIENT_KEY_PATH?: string;
  TEMPORAL_TLS_SERVER_CA_CERT_PATH?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
}

/** What every connection (worker, API, CLI, schedules) is built from. */
export interface TemporalConnectionSettings {
  /** Unset: no server configured (the all-in-one start launches the embedded dev server). */
  address?: string;
  namespace?: string;
  apiKey?: string;
  /** `true`: TLS with the system roots; an object: client certificate pair, CA, server name. */
  tls?:
    | boolean
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Uint8Array;
        clientCertPair?: { crt: Uint8Array; key: Uint8Array };
      };
  metadata?: Record<string, string>;
  /** Where the settings came from, for start-up lines and errors (never the key itself). */
  source: string;
}

export class TemporalSettingsError extends Error {}

const TLS_FILES = [
  ['clientCert', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'client_cert_path'],
  ['clientKey', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'client_key_path'],
  ['serverCACert', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'server_ca_cert_path'],
] as const;

/** envconfig reads its variables from a plain string map; ours are already validated. */
function envconfigVars(env: TemporalConnectionEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) vars[key] = String(value);
  }
  return vars;
}

/**
 * Reads each certificate once here so a missing or unreadable file is named by the variable (or the
 * profile key) that points at it, instead of surfacing as a bare ENOENT at connect time.
 */
function loadTlsFiles(profile: ClientConfigProfile, env: TemporalConnectionEnv, where: string): void {
  const tls = profile.tls;
  if (!tls) return;
  for (const [field, variable, tomlKey] of TLS_FILES) {
    const source: ConfigDataSource | undefined = tls[field];
    if (!source || !('path' in source)) continue;
    const origin = env[variable] !== undefined ? variable : `${where} tls.${tomlKey}`;
    try {
      tls[field] = { data: readFileSync(source.path) };
    } catch (err) {
      throw new TemporalSettingsError(
        `${origin}: cannot read ${source.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
  if (!!tls.clientCert !== !!tls.clientKey) {
    throw new TemporalSettingsError(
      `${where}: a TLS client certificate needs both the certificate and its key (TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)`,
    );
  }
}

/**
 * Connection settings from the environment and, when asked for, a profile of a Temporal client
 * config file (TOML, as written by `temporal config set`). Variables override the profile.
 * The file is read only when TEMPORAL_CONFIG_FILE or TEMPORAL_PROFILE is set, so a profile kept for
 * other work in the default location never redirects a local `echopilot start`.
 */
export function resolveTemporalConnection(env: TemporalConnectionEnv): TemporalConnectionSettings {
  const useFile = env.TEMPORAL_CONFIG_FILE !== undefined || env.TEMPORAL_PROFILE !== undefined;
  const file = env.TEMPORAL_CONFIG_FILE ?? 'the default Temporal config file (~/.config/temporalio/temporal.toml)';
  const profileName = env.TEMPORAL_PROFILE ?? 'default';
  const where = useFile ? `${file} profile '${profileName}'` : 'TEMPORAL_* variables';
  // envconfig treats a missing file as empty; a file the operator named must exist.
  if (env.TEMPORAL_CONFIG_FILE !== undefined && !existsSync(env.TEMPORAL_CONFIG_FILE)) {
    throw new TemporalSettingsError(`TEMPORAL_CONFIG_FILE: no such file: ${env.TEMPORAL_CONFIG_FILE}`);
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      disableFile: !useFile,
      overrideEnvVars: envconfigVars(env),
      ...(env.TEMPORAL_CONFIG_FILE ? { configSource: { path: env.TEMPORAL_CONFIG_FILE } } : {}),
      configFileStrict: true,
    });
  } catch (err) {
    const message = (err as Error).message;
    const origin = /^Profile '/.test(message)
      ? 'TEMPORAL_PROFILE'
      : env.TEMPORAL_CONFIG_FILE
        ? 'TEMPORAL_CONFIG_FILE'
        : 'TEMPORAL_PROFILE';
    throw new TemporalSettingsError(`${origin}: ${message} (${file})`);
  }
  if (profile.address !== undefined && !/^[^\s:]+:\d+$/.test(profile.address)) {
    throw new TemporalSettingsError(`${where} address: expected host:port`);
  }
  loadTlsFiles(profile, env, where);
  const { connectionOptions, namespace } = toClientOptions(profile);
  return {
    address: connectionOptions.address,
    namespace,
    apiKey: typeof connectionOptions.apiKey === 'string' ? connectionOptions.apiKey : undefined,
    tls: connectionOptions.tls ?? undefined,
    metadata: profile.grpcMeta,
    source: where,
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../infra/config/load-config';
import { connectionOptions, temporalTarget } from '../../infra/temporal/connect';
import { testConfig } from '../support/test-config';

const dir = mkdtempSync(path.join(tmpdir(), 'temporal-profile-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const CERT = file('client.pem', '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
const KEY = file('client.key', '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
const CA = file('ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
const TOML = file(
  'temporal.toml',
  `[profile.default]
address = "localhost:7233"

[profile.cloud]
address = "acme.a1b2c.tmprl.cloud:7233"
namespace = "acme.a1b2c"

[profile.cloud.tls]
client_cert_path = "${CERT}"
client_key_path = "${KEY}"
server_ca_cert_path = "${CA}"
server_name = "acme.a1b2c.tmprl.cloud"

[profile.keyed]
address = "eu-west-1.aws.api.temporal.io:7233"
namespace = "acme.a1b2c"
api_key = "profile-api-key-0123456789"

[profile.broken_tls]
address = "x.example:7233"

[profile.broken_tls.tls]
client_cert_path = "${path.join(dir, 'missing.pem')}"
client_key_path = "${KEY}"
`,
);

const problems = (env: Record<string, string>): string[] => {
  try {
    testConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('Temporal connection settings (@temporalio/envconfig)', () => {
  it('keeps TEMPORAL_ADDRESS/NAMESPACE working without any file: plain gRPC, namespace default when unset', () => {
    const t = testConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporal;
    expect(t.address).toBe('temporal:7233');
    expect(t.namespace).toBe('default');
    expect(connectionOptions(temporalTarget(t))).toEqual({ address: 'temporal:7233' });
    expect(testConfig({ TEMPORAL_NAMESPACE: 'prod' }).temporal.namespace).toBe('prod');
  });

  it('no address anywhere: the all-in-one start keeps its embedded dev server, others use the dev port', () => {
    const t = testConfig({ TEMPORAL_DEV_PORT: '7300' }).temporal;
    expect(t.address).toBeUndefined();
    expect(temporalTarget(t).address).toBe('127.0.0.1:7300');
  });

  it('a profile of the TOML file gives address, namespace and the TLS client certificate pair, CA and server name', () => {
    const t = testConfig({ TEMPORAL_CONFIG_FILE: TOML, TEMPORAL_PROFILE: 'cloud' }).temporal;
    expect(t.address).toBe('acme.a1b2c.tmprl.cloud:7233');
    expect(t.namespace).toBe('acme.a1b2c');
    const opts = connectionOptions(temporalTarget(t));
    expect(opts.tls).toMatchObject({ serverNameOverride: 'acme.a1b2c.tmprl.cloud' });
    const tls = opts.tls as {
      clientCertPair: { crt: Uint8Array; key: Uint8Array };
      serverRootCACertificate: Uint8Array;
    };
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toContain('client');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toContain('PRIVATE KEY');
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toContain('ca');
  });

  it('the profile named "default" is used when only the file is given; variables override the profile', () => {
    expect(testConfig({ TEMPORAL_CONFIG_FILE: TOML }).temporal.address).toBe('localhost:7233');
    const t = testConfig({
      TEMPORAL_CONFIG_FILE: TOML,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: 'other:7233',
      TEMPORAL_NAMESPACE: 'ns2',
    }).temporal;
    expect(t.address).toBe('other:7233');
    expect(t.namespace).toBe('ns2');
  });

  it('an API key (variable or profile) turns TLS on and is scrubbed from logs like any secret', () => {
    const fromEnv = testConfig({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_API_KEY: 'env-api-key-0123456789',
    });
    expect(connectionOptions(temporalTarget(fromEnv.temporal))).toMatchObject({
      apiKey: 'env-api-key-0123456789',
      tls: true,
    });
    expect(fromEnv.secretValues).toContain('env-api-key-0123456789');
    const fromFile = testConfig({ TEMPORAL_CONFIG_FILE: TOML, TEMPORAL_PROFILE: 'keyed' });
    expect(connectionOptions(temporalTarget(fromFile.temporal))).toMatchObject({
      apiKey: 'profile-api-key-0123456789',
      tls: true,
    });
    expect(fromFile.secretValues).toContain('profile-api-key-0123456789');
  });

  it('TLS from variables alone: certificate paths read into the options; TEMPORAL_TLS=false turns TLS off', () => {
    const t = testConfig({
      TEMPORAL_ADDRESS: 'secure.example:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: CERT,
      TEMPORAL_TLS_CLIENT_KEY_PATH: KEY,
      TEMPORAL_TLS_SERVER_NAME: 'secure.example',
    }).temporal;
    const tls = connectionOptions(temporalTarget(t)).tls as {
      serverNameOverride: string;
      clientCertPair: { crt: Uint8Array };
    };
    expect(tls.serverNameOverride).toBe('secure.example');
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toContain('client');
    expect(
      connectionOptions(temporalTarget(testConfig({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_TLS: 'false' }).temporal)).tls,
    ).toBe(false);
  });

  it('errors name the variable or the file and profile key, never a bare ENOENT', () => {
    expect(problems({ TEMPORAL_CONFIG_FILE: path.join(dir, 'nope.toml') })).toEqual([
      expect.stringMatching(/^TEMPORAL_CONFIG_FILE: no such file: .*nope\.toml/),
    ]);
    expect(problems({ TEMPORAL_CONFIG_FILE: TOML, TEMPORAL_PROFILE: 'staging' })).toEqual([
      expect.stringMatching(/^TEMPORAL_PROFILE: .*staging/),
    ]);
    expect(
      problems({
        TEMPORAL_ADDRESS: 'a:1',
        TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'gone.pem'),
        TEMPORAL_TLS_CLIENT_KEY_PATH: KEY,
      }),
    ).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read .*gone\.pem \(ENOENT\)/)]);
    expect(problems({ TEMPORAL_CONFIG_FILE: TOML, TEMPORAL_PROFILE: 'broken_tls' })).toEqual([
      expect.stringMatching(/temporal\.toml profile 'broken_tls' tls\.client_cert_path: cannot read .*missing\.pem/),
    ]);
    expect(problems({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_TLS_CLIENT_CERT_PATH: CERT })).toEqual([
      expect.stringContaining('TEMPORAL_TLS_CLIENT_KEY_PATH'),
    ]);
    expect(problems({ TEMPORAL_CONFIG_FILE: file('bad.toml', '[profile.default]\nadress = "x:1"\n') })).toEqual([
      expect.stringMatching(/^TEMPORAL_CONFIG_FILE: .*adress/),
    ]);
    expect(problems({ TEMPORAL_TLS: 'yes' })).toEqual([expect.stringMatching(/^TEMPORAL_TLS: /)]);
  });
});

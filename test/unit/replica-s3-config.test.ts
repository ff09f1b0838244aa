import { describe, expect, it } from 'vitest';
import { redactedConfig } from '../../infra/backup/redacted-config';
import { ConfigError, loadConfig } from '../../infra/config/load-config';

const SECRET = 'replica-s3-secret-0123456789';
const S3 = {
  REPLICA_S3_BUCKET: 'echopilot-replica',
  REPLICA_S3_ACCESS_KEY_ID: 'AKIATEST',
  REPLICA_S3_SECRET_ACCESS_KEY: SECRET,
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  throw new Error('the configuration was accepted');
};

describe('REPLICA_S3_* configuration', () => {
  it('is off without a bucket; defaults with one: us-east-1, echopilot/, path style only with an endpoint', () => {
    expect(loadConfig({}, '/srv/app').replica.s3).toBeUndefined();
    expect(loadConfig(S3, '/srv/app').replica.s3).toMatchObject({
      bucket: 'echopilot-replica',
      endpoint: undefined,
      region: 'us-east-1',
      prefix: 'echopilot/',
      forcePathStyle: false,
    });
    const local = loadConfig({ ...S3, REPLICA_S3_ENDPOINT: 'http://127.0.0.1:9000' }, '/srv/app').replica.s3;
    expect(local).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
    const virtualHost = { ...S3, REPLICA_S3_ENDPOINT: 'https://s3.example.net', REPLICA_S3_FORCE_PATH_STYLE: 'false' };
    expect(loadConfig(virtualHost, '/srv/app').replica.s3?.forcePathStyle).toBe(false);
  });

  it('bad settings stop the start, each naming its variable', () => {
    expect(problemsOf({ REPLICA_S3_BUCKET: 'echopilot-replica' })).toMatch(
      /REPLICA_S3_ACCESS_KEY_ID: required[\s\S]*REPLICA_S3_SECRET_ACCESS_KEY: required/,
    );
    expect(problemsOf({ ...S3, REPLICA_S3_BUCKET: 'Bad_Bucket' })).toContain(
      'REPLICA_S3_BUCKET: expected an S3 bucket',
    );
    expect(problemsOf({ ...S3, REPLICA_S3_ENDPOINT: 'not a url' })).toContain('REPLICA_S3_ENDPOINT');
    expect(problemsOf({ ...S3, REPLICA_S3_ENDPOINT: 'ftp://files.example' })).toContain('REPLICA_S3_ENDPOINT');
    expect(problemsOf({ ...S3, REPLICA_S3_PREFIX: 'no-trailing-slash' })).toContain('REPLICA_S3_PREFIX');
    expect(problemsOf({ ...S3, REPLICA_S3_FORCE_PATH_STYLE: 'yes' })).toContain('REPLICA_S3_FORCE_PATH_STYLE');
    expect(problemsOf({ ...S3, REPLICA_S3_REGION: 'US East' })).toContain('REPLICA_S3_REGION');
    expect(problemsOf({ REPLICA_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toContain(
      'REPLICA_S3_BUCKET: required when REPLICA_S3_ENDPOINT is set',
    );
  });

  it('the secret key is a secret: scrubbed from logs and left out of the stored configuration', () => {
    const config = loadConfig(S3, '/srv/app');
    expect(config.secretValues).toContain(SECRET);
    expect(JSON.stringify(redactedConfig(config))).not.toContain(SECRET);
    expect(problemsOf({ ...S3, REPLICA_S3_SECRET_ACCESS_KEY: 'short' })).not.toContain('short');
  });
});

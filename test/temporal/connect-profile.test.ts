import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectClient, connectWorkerConnection, temporalTarget } from '../../infra/temporal/connect';
import { temporalAddress } from '../support/temporal';
import { testConfig } from '../support/test-config';

describe('connecting from a Temporal config profile', () => {
  it('the client and the worker connection reach the server named by the profile, in its namespace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'temporal-profile-'));
    const toml = path.join(dir, 'temporal.toml');
    writeFileSync(
      toml,
      `[profile.local]\naddress = "${temporalAddress()}"\nnamespace = "default"\n[profile.local.grpc_meta]\nx-echopilot-test = "1"\n`,
    );
    const config = testConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'local' });
    const target = temporalTarget(config.temporal);
    expect(target.address).toBe(temporalAddress());

    const client = await connectClient(target, 5_000);
    try {
      const info = await client.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
      expect(client.options.namespace).toBe('default');
    } finally {
      await client.connection.close();
    }
    const native = await connectWorkerConnection(target, 5_000);
    await native.close();
  });
});

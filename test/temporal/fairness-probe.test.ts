import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../infra/temporal/dev-server';
import { probeFairness } from '../../infra/temporal/fairness-probe';
import { findTemporalCli } from '../../infra/temporal/temporal-cli';
import { freePort } from '../support/free-port';
import { testClient } from '../support/temporal';

describe('fairness probe (echopilot doctor "task fairness")', () => {
  it('sees fairness on the test server, started with matching.enableFairness=true', async () => {
    const client = await testClient();
    try {
      const r = await probeFairness(client);
      expect(r.fair).toBe(true);
    } finally {
      await client.connection.close();
    }
  });

  it('reports no fairness on a server started with matching.enableFairness=false', async () => {
    const cli = findTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH ?? '')!;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fairness-off-'));
    // Both from below the ephemeral range: a UI port drawn there can be taken by an outgoing connection.
    const server = await startDevServer({
      cliPath: cli,
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      dynamicConfig: { 'matching.enableFairness': false },
    });
    const connection = await Connection.connect({ address: server.address });
    try {
      const r = await probeFairness(new Client({ connection, namespace: 'default' }));
      expect(r.fair).toBe(false);
      expect(r.order.every((k) => k === 'a')).toBe(true);
    } finally {
      await connection.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

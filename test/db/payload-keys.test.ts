import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientOwner } from '../../infra/crypto/key-ring';
import { MASTER_KEY_FILE } from '../../infra/crypto/master-key';
import { openPayloadEncryption, openPlatformEncryption } from '../../infra/crypto/payload-encryption';
import type { Database } from '../../infra/db/open-database';
import { jobs, payloadDataKeys } from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';

const newKey = () => randomBytes(32).toString('base64');
const cfg = (dataDir: string, masterKey?: string, previousMasterKey?: string) => ({
  dataDir,
  encryption: { enabled: true, masterKey, previousMasterKey },
});
const payload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const taskContext = (taskId: string) => ({
  type: 'workflow' as const,
  namespace: 'default',
  workflowId: `task-${taskId}`,
});

describe('payload data keys and the master key', () => {
  let database: Database;
  let dir: string;
  beforeEach(async () => {
    database = await openTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'echopilot-keys-'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () => database.db.select().from(payloadDataKeys);
  const clientPayload = async (masterKey: string, clientId: string) => {
    const taskId = `t-${clientId}`;
    await database.db
      .insert(jobs)
      .values({ taskId, workflowId: `task-${taskId}`, source: 'api', clientId, title: 'x', prompt: 'x' });
    const enc = (await openPayloadEncryption(cfg(dir, masterKey), database))!;
    const [encrypted] = await enc.codec.encode(
      [payload({ prompt: `secret of ${clientId}` })],
      taskContext(`t-${clientId}`),
    );
    return encrypted!;
  };

  it('refuses to start with a wrong master key, naming the variable, and changes nothing', async () => {
    const right = newKey();
    const encrypted = await clientPayload(right, 'cli_1');
    const before = await rows();
    expect(before).toHaveLength(1);
    expect(before[0]!.owner).toBe(clientOwner('cli_1'));
    await expect(openPayloadEncryption(cfg(dir, newKey()), database)).rejects.toThrow(
      /^ENCRYPTION_MASTER_KEY does not match .*Nothing was changed/,
    );
    expect(await rows()).toEqual(before);
    // No key file was written either, and the right key still decodes.
    expect(existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
    const enc = (await openPayloadEncryption(cfg(dir, right), database))!;
    expect(defaultPayloadConverter.fromPayload((await enc.codec.decode([encrypted]))[0]!)).toEqual({
      prompt: 'secret of cli_1',
    });
  });

  it('generates a master key into DATA_DIR (0600) on first start and reuses it', async () => {
    const first = (await openPayloadEncryption(cfg(dir), database))!;
    expect(first.masterKeySource).toBe('generated');
    const file = path.join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [p] = await first.codec.encode([payload('routine')]);
    const again = (await openPayloadEncryption(cfg(dir), database))!;
    expect(again.masterKeySource).toBe('file');
    expect(defaultPayloadConverter.fromPayload((await again.codec.decode([p!]))[0]!)).toBe('routine');
  });

  it('rotates the master key: data keys rewrapped, payloads written before still decode under the new key alone', async () => {
    const oldKey = newKey();
    const freshKey = newKey();
    const encrypted = await clientPayload(oldKey, 'cli_2');
    // The new key with the old one as previous is accepted at start (rotation pending).
    const during = (await openPayloadEncryption(cfg(dir, freshKey, oldKey), database))!;
    expect(await during.keys.rotateMaster()).toEqual({ rewrapped: 1 });
    expect(await during.keys.rotateMaster()).toEqual({ rewrapped: 0 });
    const after = (await openPayloadEncryption(cfg(dir, freshKey), database))!;
    expect(defaultPayloadConverter.fromPayload((await after.codec.decode([encrypted]))[0]!)).toEqual({
      prompt: 'secret of cli_2',
    });
    await expect(openPayloadEncryption(cfg(dir, oldKey), database)).rejects.toThrow(/ENCRYPTION_MASTER_KEY/);
  });

  it("lets the CLI decode routine payloads with the master key alone, and says so for a client's", async () => {
    const key = newKey();
    const full = (await openPayloadEncryption(cfg(dir, key), database))!;
    const [routine] = await full.codec.encode([payload({ report: 'daily' })], {
      type: 'workflow',
      namespace: 'default',
      workflowId: 'echopilot-daily-report-2026',
    });
    const cli = openPlatformEncryption(cfg(dir, key))!;
    expect(defaultPayloadConverter.fromPayload((await cli.codec.decode([routine!]))[0]!)).toEqual({ report: 'daily' });
    const clientOne = await clientPayload(key, 'cli_3');
    await expect(cli.codec.decode([clientOne])).rejects.toThrow(/Client data keys live in the database/);
  });
});

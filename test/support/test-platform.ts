import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import { createApp } from '../../api/app';
import type { ApiApp } from '../../api/app-env';
import type { AppDeps } from '../../api/app-deps';
import { composeServices } from '../../cli/compose';
import type { Config } from '../../infra/config/load-config';
import type { Database } from '../../infra/db/open-database';
import { dataConverterFor, openPayloadEncryption, type PayloadEncryption } from '../../infra/crypto/payload-encryption';
import { createLogger } from '../../infra/logger';
import { testClient, uniqueTaskQueue } from './temporal';
import { testConfig } from './test-config';
import { openTestDatabase } from './test-database';

export interface TestPlatform {
  config: Config;
  database: Database;
  client: Client;
  activities: Activities;
  appDeps: AppDeps;
  app: ApiApp;
  taskQueue: string;
  /** Set with `{ encrypted: true }`: the codec the client, the worker and /codec/* use. */
  encryption?: PayloadEncryption;
  close(): Promise<void>;
}

/** The real composition root over a fresh database and a fresh task queue on the shared dev server. */
export async function createTestPlatform(
  env: Record<string, string | undefined> = {},
  database?: Database,
  opts: { encrypted?: boolean; namespace?: string } = {},
): Promise<TestPlatform> {
  const taskQueue = uniqueTaskQueue();
  // An encrypted platform gets its own master key unless the test names one (never a file in the repo's data/).
  const masterKey = opts.encrypted ? { ENCRYPTION_MASTER_KEY: randomBytes(32).toString('base64') } : {};
  const namespace = opts.namespace ? { TEMPORAL_NAMESPACE: opts.namespace } : {};
  const config = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, ...masterKey, ...namespace, ...env });
  const db = database ?? (await openTestDatabase());
  const encryption = opts.encrypted ? await openPayloadEncryption(config, db) : undefined;
  const client = await testClient(opts.encrypted ? dataConverterFor(encryption) : undefined, opts.namespace);
  const logger = createLogger({ level: 'silent', secrets: config.secretValues });
  const { activities, appDeps } = composeServices({
    config,
    logger,
    database: db,
    temporal: client,
    buildId: 'test-build',
    payloadEncryption: encryption,
  });
  return {
    config,
    database: db,
    client,
    activities,
    appDeps,
    app: createApp(appDeps),
    taskQueue,
    encryption,
    async close() {
      await client.connection.close();
      if (!database) await db.close();
    },
  };
}

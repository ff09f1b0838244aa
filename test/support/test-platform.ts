import type { Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import { createApp } from '../../api/app';
import type { ApiApp } from '../../api/app-env';
import type { AppDeps } from '../../api/app-deps';
import { composeServices } from '../../cli/compose';
import type { Config } from '../../infra/config/load-config';
import type { Database } from '../../infra/db/open-database';
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
  close(): Promise<void>;
}

/** The real composition root over a fresh database and a fresh task queue on the shared dev server. */
export async function createTestPlatform(
  env: Record<string, string | undefined> = {},
  database?: Database,
): Promise<TestPlatform> {
  const taskQueue = uniqueTaskQueue();
  const config = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, ...env });
  const db = database ?? (await openTestDatabase());
  const client = await testClient();
  const logger = createLogger({ level: 'silent', secrets: config.secretValues });
  const { activities, appDeps } = composeServices({
    config,
    logger,
    database: db,
    temporal: client,
    buildId: 'test-build',
  });
  return {
    config,
    database: db,
    client,
    activities,
    appDeps,
    app: createApp(appDeps),
    taskQueue,
    async close() {
      await client.connection.close();
      if (!database) await db.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { RateGuardAction } from '../domain/contracts/rate-guard-action';
import type { Config } from '../infra/config/load-config';
import { databaseTargetFor, openDatabase } from '../infra/db/open-database';
import { createAuditLog } from '../infra/db/repositories/audit-log';
import { runAuditedRateGuardAction, type RateGuardResult } from '../infra/security/audited-rate-guard';
import { createRateGuardAdmin } from '../infra/security/rate-guard-admin';
import { connectClient } from '../infra/temporal/connect';
import { dataConverterFor, openPlatformEncryption } from '../infra/crypto/payload-encryption';
import type { rateGuardAdmin } from '../workflows/security';

export type { RateGuardResult };

/** Straight to the database: PostgreSQL, or the PGlite files while no platform process holds them. */
export async function viaDatabase(config: Config, action: RateGuardAction): Promise<RateGuardResult> {
  const database = await openDatabase(databaseTargetFor(config));
  try {
    const admin = createRateGuardAdmin(database.db);
    return await runAuditedRateGuardAction(admin, createAuditLog(database.db), action, `cli:${randomUUID()}`);
  } finally {
    await database.close();
  }
}

async function viaWorker(
  client: Client,
  config: Config,
  action: RateGuardAction,
  timeoutSeconds: number,
): Promise<RateGuardResult> {
  try {
    return await client.workflow.execute<typeof rateGuardAdmin>('rateGuardAdmin', {
      workflowId: `rate-guard-admin-${randomUUID()}`,
      taskQueue: config.temporal.taskQueue,
      args: [action],
      workflowExecutionTimeout: `${timeoutSeconds} seconds`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause instanceof Error && err.cause.cause instanceof Error ? err.cause.cause : err.cause;
    if (err.cause?.name === 'TimeoutFailure' || cause?.name === 'TimeoutFailure') {
      throw new Error(
        `No worker answered on task queue ${config.temporal.taskQueue} within ${timeoutSeconds} s: is the platform running?`,
        { cause: err },
      );
    }
    throw new Error(cause?.message ?? err.message, { cause: err });
  }
}

/**
 * Runs a ban-list action without the HTTP API (whose ban may be the problem). With PostgreSQL the CLI
 * opens the database itself; the embedded PGlite belongs to the running platform, so the action goes to
 * its worker through Temporal, or (platform stopped: Temporal unreachable) straight to the PGlite files.
 */
export async function runRateGuardAction(
  config: Config,
  action: RateGuardAction,
  timeoutSeconds = 30,
): Promise<RateGuardResult> {
  if (config.database.url) return viaDatabase(config, action);
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
  let client: Client;
  try {
    // Its workflow is a routine one: the platform key (derived from the master key) decodes its answer.
    const dataConverter = dataConverterFor(openPlatformEncryption(config));
    client = await connectClient({ address, namespace: config.temporal.namespace }, 2_000, undefined, dataConverter);
  } catch {
    return viaDatabase(config, action);
  }
  try {
    return await viaWorker(client, config, action, timeoutSeconds);
  } finally {
    await client.connection.close();
  }
}

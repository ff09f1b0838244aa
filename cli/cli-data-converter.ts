import type { DataConverter } from '@temporalio/common';
import type { Config } from '../infra/config/load-config';
import { dataConverterFor, openPayloadEncryption, openPlatformEncryption } from '../infra/crypto/payload-encryption';
import { databaseTargetFor, openDatabase } from '../infra/db/open-database';

/**
 * The data converter of the CLI's own Temporal client (schedules, rate-guard), which only touches
 * routine workflows: with a shared PostgreSQL the full key ring; with the embedded PGlite (held by
 * `echopilot start`) the platform key derived from the master key.
 */
export async function cliDataConverter(
  config: Config,
): Promise<{ dataConverter: DataConverter; close(): Promise<void> }> {
  if (config.encryption.enabled && config.database.url) {
    const database = await openDatabase(databaseTargetFor(config));
    const encryption = await openPayloadEncryption(config, database);
    return { dataConverter: dataConverterFor(encryption), close: () => database.close() };
  }
  return { dataConverter: dataConverterFor(openPlatformEncryption(config)), close: () => Promise.resolve() };
}

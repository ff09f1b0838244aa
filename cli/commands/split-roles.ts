import { ensureDashboardKey } from '../../infra/config/dashboard-key';
import { ensureAuditSigner } from '../../infra/audit/signing-key';
import type { Config } from '../../infra/config/load-config';
import { databaseTargetFor, openDatabase } from '../../infra/db/open-database';
import { assertRunnableBuild, readBuildInfo } from '../../infra/build-info';
import { connectClient, connectWorkerConnection, temporalTarget } from '../../infra/temporal/connect';
import { ensureSearchAttributes } from '../../infra/temporal/ensure-search-attributes';
import { scheduleDefinitions } from '../../schedules/definitions';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startTracing } from '../../infra/tracing/tracing';
import { installRuntime } from '../../worker/install-runtime';
import { preparePrivateDataDir } from '../../infra/fs/private-data-dir';
import { dataConverterFor, openPayloadEncryption } from '../../infra/crypto/payload-encryption';
import { bootConfig, bootLogger, fatalHandle, waitForEnd, waitForStopSignal } from '../boot';
import { runPlatform } from '../platform';

/** PGlite lives inside one process, so separate worker/API processes need a shared PostgreSQL. */
function requireSharedDatabase(config: Config, role: string): void {
  if (!config.database.url) {
    console.error(
      `echopilot ${role} runs as its own process and needs DATABASE_URL (PostgreSQL): the embedded PGlite database lives inside one process. Use \`echopilot start\` for the all-in-one mode.`,
    );
    process.exit(1);
  }
}

/** Separate processes must share the master key: each would otherwise generate its own under its DATA_DIR. */
function requireSharedMasterKey(config: Config, role: string): void {
  if (config.encryption.enabled && !config.encryption.masterKey) {
    console.error(
      `echopilot ${role} runs as its own process and needs ENCRYPTION_MASTER_KEY (the same in every process; openssl rand -base64 32), or PAYLOAD_ENCRYPTION=false.`,
    );
    process.exit(1);
  }
}

/** `echopilot worker` / `echopilot api`: one role per process, for production deployments. */
export async function runRole(role: 'worker' | 'api'): Promise<void> {
  const stopSignal = waitForStopSignal();
  const fatal = fatalHandle();
  let config = bootConfig();
  requireSharedDatabase(config, role);
  requireSharedMasterKey(config, role);
  preparePrivateDataDir(config.dataDir);
  if (role === 'api') config = ensureDashboardKey(config).config;
  const logger = bootLogger(config, { role });
  // Both roles need the same key (the worker signs, the API verifies): set AUDIT_SIGNING_KEY on both.
  const auditKey = ensureAuditSigner(config);
  logger.info({ keyId: auditKey.keyId, source: auditKey.source }, 'audit signing key ready');
  const build = readBuildInfo(config.buildIdOverride);
  assertRunnableBuild(build, config.env);
  if (role === 'worker') installRuntime(logger, `0.0.0.0:${config.temporal.metricsPort}`);

  const target = temporalTarget(config.temporal);
  const tracing = startTracing(config.tracing, role);
  // The database first: a wrong ENCRYPTION_MASTER_KEY stops the process before it connects anywhere.
  const database = await openDatabase(databaseTargetFor(config));
  const encryption = await openPayloadEncryption(config, database);
  const temporal = await connectClient(target, 120_000, tracing?.clientInterceptors, dataConverterFor(encryption));
  if (role === 'worker') {
    const added = await ensureSearchAttributes(temporal, target.namespace);
    if (added.length) logger.info({ added }, 'registered custom search attributes');
    // The worker owns the workflows the schedules start, so it keeps them in sync on every deploy.
    logger.info(
      await syncSchedules(temporal, scheduleDefinitions(config), config.temporal.taskQueue),
      'schedules synced',
    );
  }
  const platform = await runPlatform({
    config,
    logger,
    database,
    temporal,
    buildId: build.buildId,
    // Each worker on a connection of its own, so one that fails can be replaced in place.
    connectWorker: role === 'worker' ? () => connectWorkerConnection(target, 120_000) : undefined,
    serveApi: role === 'api',
    tracing,
    payloadEncryption: encryption,
    onFatal: fatal.onFatal,
  });
  logger.info({ temporal: target.address, apiUrl: platform.apiUrl, buildId: build.buildId }, `${role} running`);

  await waitForEnd(stopSignal, fatal, logger);
  await platform.stop();
  await temporal.connection.close();
  await database.close();
}

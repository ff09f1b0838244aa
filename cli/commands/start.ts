import { Client } from '@temporalio/client';
import { connectWorkerConnection, temporalTarget } from '../../infra/temporal/connect';
import type { DevServer } from '../../infra/temporal/dev-server';
import { startSupervisedDevServer } from '../../infra/temporal/supervised-dev-server';
import { ensureSearchAttributes } from '../../infra/temporal/ensure-search-attributes';
import { findTemporalCli, TEMPORAL_INSTALL_HINT } from '../../infra/temporal/temporal-cli';
import { ensureDashboardKey } from '../../infra/config/dashboard-key';
import { ensureAuditSigner } from '../../infra/audit/signing-key';
import { databaseTargetFor, openDatabase } from '../../infra/db/open-database';
import { assertRunnableBuild, readBuildInfo } from '../../infra/build-info';
import { scheduleDefinitions } from '../../schedules/definitions';
import { syncSchedules } from '../../schedules/sync-schedules';
import { startTracing } from '../../infra/tracing/tracing';
import { installRuntime } from '../../worker/install-runtime';
import { preparePrivateDataDir } from '../../infra/fs/private-data-dir';
import { openPayloadEncryption, dataConverterFor } from '../../infra/crypto/payload-encryption';
import { codecUiToken } from '../../infra/crypto/codec-ui-token';
import { bootConfig, bootLogger, fatalHandle, systemPath, waitForEnd, waitForStopSignal } from '../boot';
import { dashboardKeyLine } from '../dashboard-key-line';
import { runPlatform } from '../platform';

/**
 * All-in-one: embedded Temporal dev server (unless TEMPORAL_ADDRESS), embedded PGlite (unless
 * DATABASE_URL), worker, API and schedules in one process tree. Ctrl-C stops all of it.
 */
export async function startCommand(): Promise<void> {
  const stopSignal = waitForStopSignal(); // registered first: a Ctrl-C during start-up still cleans up
  const fatal = fatalHandle();
  const booted = bootConfig();
  preparePrivateDataDir(booted.dataDir); // before anything writes there (key, temporal.db, PGlite)
  const { config, source: keySource } = ensureDashboardKey(booted);
  const logger = bootLogger(config, { role: 'all-in-one' });
  const auditKey = ensureAuditSigner(config); // first start: generated next to the dashboard key
  logger.info({ keyId: auditKey.keyId, source: auditKey.source }, 'audit signing key ready');
  const build = readBuildInfo(config.buildIdOverride);
  assertRunnableBuild(build, config.env);
  installRuntime(logger, `127.0.0.1:${config.temporal.metricsPort}`);
  const tracing = startTracing(config.tracing, 'all-in-one');
  // The database first: a wrong ENCRYPTION_MASTER_KEY stops here, before any server or key is touched.
  const database = await openDatabase(databaseTargetFor(config));
  const encryption = await openPayloadEncryption(config, database).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });

  let devServer: DevServer | undefined;
  if (!config.temporal.address) {
    const cli = findTemporalCli(config.temporal.cliPath, systemPath());
    if (!cli) throw new Error(TEMPORAL_INSTALL_HINT);
    logger.info({ cli }, 'starting Temporal dev server');
    devServer = await startSupervisedDevServer(
      {
        cliPath: cli,
        dataDir: config.dataDir,
        port: config.temporal.devPort,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        uiCodecEndpoint: `${config.http.publicUrl ?? `http://127.0.0.1:${config.http.port}`}/codec/ui/${codecUiToken(config.auth.dashboardKey!)}`,
        onNotice: (message) => logger.warn(message),
      },
      // Died on its own (OOM killer, crash): started again on the same file; the worker and API reconnect.
      { onNotice: (message) => logger.warn(message), onGiveUp: fatal.onFatal },
    );
  }
  const stopDevServer = async () => devServer?.stop();
  process.once('exit', () => devServer?.killNow()); // never leave an orphan, even on a crash

  try {
    const target = temporalTarget(config.temporal, devServer?.address);
    // One native connection for the worker and the API's client: workflow starts can then be eager
    // (the start response carries the first workflow task to this worker; README "Benchmarks").
    const workerConnection = await connectWorkerConnection(target);
    const temporal = new Client({
      connection: workerConnection,
      namespace: target.namespace,
      ...(tracing ? { interceptors: tracing.clientInterceptors } : {}),
      dataConverter: dataConverterFor(encryption),
    });
    if (config.temporal.address) await ensureSearchAttributes(temporal, target.namespace);
    const platform = await runPlatform({
      config,
      logger,
      database,
      temporal,
      buildId: build.buildId,
      workerConnection,
      connectWorker: () => connectWorkerConnection(target),
      serveApi: true,
      tracing,
      payloadEncryption: encryption,
      onFatal: fatal.onFatal,
    });
    const synced = await syncSchedules(temporal, scheduleDefinitions(config), config.temporal.taskQueue);
    logger.info({ ...synced }, 'schedules synced');

    const uiUrl = devServer?.uiUrl ?? '(external Temporal: see its Web UI)';
    const keyLine = dashboardKeyLine(config.auth.dashboardKey!, keySource, `${config.dataDir}/dashboard-key`);
    console.log(
      [
        '',
        'EchoPilot is running',
        `  API            ${platform.apiUrl}   (health: ${platform.apiUrl}/health)`,
        `  Temporal UI    ${uiUrl}`,
        `  Temporal       ${target.address}  namespace=${target.namespace}  taskQueue=${config.temporal.taskQueue}`,
        `  Database       ${database.kind === 'pglite' ? `PGlite ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
        `  Metrics        http://127.0.0.1:${config.temporal.metricsPort}/metrics (Temporal SDK), ${platform.metricsUrl ?? 'application metrics off'}`,
        `  Dashboard key  ${keyLine}`,
        `  Encryption     ${encryption ? `payloads encrypted (master key: ${encryption.masterKeySource === 'env' ? 'ENCRYPTION_MASTER_KEY' : `${config.dataDir}/encryption-master-key`})` : 'off (PAYLOAD_ENCRYPTION=false)'}`,
        `  Build          ${build.buildId}`,
        `  Schedules      ${synced.created.length + synced.updated.length} synced`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );

    await waitForEnd(stopSignal, fatal, logger);
    await platform.stop();
    await workerConnection.close(); // also the client's connection
    await database.close();
  } finally {
    await stopDevServer();
  }
  logger.info('stopped');
}

import type { Command } from 'commander';
import { loadMasterKeys } from '../../infra/crypto/master-key';
import { createKeyRing } from '../../infra/crypto/key-ring';
import { createDataKeyStore } from '../../infra/db/repositories/data-keys';
import { databaseTargetFor, openDatabase } from '../../infra/db/open-database';
import { portOpen } from '../../infra/temporal/dev-server';
import { codecUiToken } from '../../infra/crypto/codec-ui-token';
import { dashboardKey } from '../api-client';
import { bootConfig } from '../boot';

/**
 * `echopilot keys rotate-master`: rewraps every stored payload data key with ENCRYPTION_MASTER_KEY,
 * unwrapping with ENCRYPTION_MASTER_KEY_PREVIOUS. Payloads themselves are untouched (their data keys
 * do not change), so histories keep decoding.
 */
async function rotateMaster(): Promise<void> {
  const config = bootConfig();
  if (!config.encryption.masterKey || !config.encryption.previousMasterKey) {
    throw new Error('Set ENCRYPTION_MASTER_KEY to the new key and ENCRYPTION_MASTER_KEY_PREVIOUS to the old one');
  }
  if (!config.database.url && !config.temporal.address && (await portOpen(config.temporal.devPort))) {
    throw new Error('Stop `echopilot start` first: the embedded database belongs to that process while it runs');
  }
  const database = await openDatabase(databaseTargetFor(config));
  try {
    const keys = createKeyRing(
      createDataKeyStore(database.db),
      loadMasterKeys({ dataDir: config.dataDir, ...config.encryption }),
    );
    await keys.verifyMasterKeys();
    const { rewrapped } = await keys.rotateMaster();
    console.log(
      `rewrapped ${rewrapped} data key(s) with ENCRYPTION_MASTER_KEY. Keep ENCRYPTION_MASTER_KEY_PREVIOUS set until the namespace retention has passed: routine payloads written before used a platform key derived from it.`,
    );
  } finally {
    await database.close();
  }
}

/** The codec endpoint for a Temporal Web UI (`TEMPORAL_CODEC_ENDPOINT` / `--ui-codec-endpoint`). */
function codecUrl(): void {
  const config = bootConfig();
  const base = config.http.publicUrl ?? config.http.apiUrl;
  console.log(`${base}/codec/ui/${codecUiToken(dashboardKey(config))}`);
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('Payload encryption keys (README "Payload encryption")');
  keys
    .command('rotate-master')
    .description('Rewrap every payload data key with ENCRYPTION_MASTER_KEY (old key in ENCRYPTION_MASTER_KEY_PREVIOUS)')
    .action(rotateMaster);
  keys
    .command('codec-url')
    .description('Print the codec endpoint URL to give a Temporal Web UI (it carries a token: keep it private)')
    .action(codecUrl);
}

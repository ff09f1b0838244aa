import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { Database } from '../db/open-database';
import { PROJECT_ROOT } from '../paths';
import { createDataKeyStore } from '../db/repositories/data-keys';
import { EncryptionCodec } from './encryption-codec';
import { createKeyRing, PLATFORM_OWNER, type KeyRing } from './key-ring';
import { loadMasterKeys, type MasterKeys } from './master-key';
import { createPayloadOwners } from './payload-owner';

/** The failure converter module bundled into the workflow code and loaded by every client. */
export const FAILURE_CONVERTER_PATH = path.join(PROJECT_ROOT, 'infra', 'crypto', 'failure-converter.cjs');

export interface PayloadEncryption {
  codec: EncryptionCodec;
  keys: KeyRing;
  masterKeySource: MasterKeys['source'];
  /** For `new Client({ dataConverter })`, `Worker.create({ dataConverter })`. */
  dataConverter: DataConverter;
}

export interface EncryptionConfig {
  dataDir: string;
  encryption: { enabled: boolean; masterKey?: string; previousMasterKey?: string };
}

/** The data converter every Temporal client and worker uses: failure attributes encoded, payloads encrypted when on. */
export function dataConverterFor(encryption: PayloadEncryption | undefined): DataConverter {
  return encryption?.dataConverter ?? { failureConverterPath: FAILURE_CONVERTER_PATH };
}

/**
 * Loads the master key(s), checks them against the stored data keys (a wrong key stops start-up
 * before anything is written) and builds the codec. Undefined when PAYLOAD_ENCRYPTION is off.
 */
export async function openPayloadEncryption(
  config: EncryptionConfig,
  database: Database,
): Promise<PayloadEncryption | undefined> {
  if (!config.encryption.enabled) return undefined;
  const masters = loadMasterKeys({ dataDir: config.dataDir, ...config.encryption });
  const store = createDataKeyStore(database.db);
  const keys = createKeyRing(store, masters);
  await keys.verifyMasterKeys();
  masters.persist?.();
  const codec = new EncryptionCodec(keys, createPayloadOwners(store));
  return {
    codec,
    keys,
    masterKeySource: masters.source,
    dataConverter: { failureConverterPath: FAILURE_CONVERTER_PATH, payloadCodecs: [codec] },
  };
}

/**
 * The CLI's codec when the database is the embedded PGlite another process holds: the platform key
 * only (routine workflows: schedules, rate-guard). Never writes a master key file.
 */
export function openPlatformEncryption(config: EncryptionConfig): PayloadEncryption | undefined {
  if (!config.encryption.enabled) return undefined;
  const masters = loadMasterKeys({ dataDir: config.dataDir, ...config.encryption });
  const keys = createKeyRing(undefined, masters);
  const codec = new EncryptionCodec(keys, { ownerOf: () => Promise.resolve(PLATFORM_OWNER) });
  return {
    codec,
    keys,
    masterKeySource: masters.source,
    dataConverter: { failureConverterPath: FAILURE_CONVERTER_PATH, payloadCodecs: [codec] },
  };
}

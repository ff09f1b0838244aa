import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface MasterKey {
  key: Buffer;
  /** Fingerprint stored next to each wrapped data key: which master key wrapped it (never the key). */
  id: string;
}

export interface MasterKeys {
  current: MasterKey;
  /** ENCRYPTION_MASTER_KEY_PREVIOUS: still unwraps data keys until they are rewrapped. */
  previous?: MasterKey;
  source: 'env' | 'file' | 'generated';
  /** For a generated key: writes it to its file; called once the stored data keys were checked. */
  persist?: () => void;
}

export const MASTER_KEY_FILE = 'encryption-master-key';

export const masterKeyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

const fromBase64 = (b64: string): MasterKey => {
  const key = Buffer.from(b64.trim(), 'base64');
  return { key, id: masterKeyId(key) };
};

/**
 * ENCRYPTION_MASTER_KEY wins; otherwise a key generated on first start is kept in
 * `DATA_DIR/encryption-master-key` (mode 0600), like the dashboard key, so restarts keep it.
 */
export function loadMasterKeys(cfg: { dataDir: string; masterKey?: string; previousMasterKey?: string }): MasterKeys {
  const previous = cfg.previousMasterKey ? fromBase64(cfg.previousMasterKey) : undefined;
  if (cfg.masterKey) return { current: fromBase64(cfg.masterKey), previous, source: 'env' };
  const file = path.join(cfg.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const stored = fromBase64(readFileSync(file, 'utf8'));
    if (stored.key.length !== 32) {
      throw new Error(
        `${file} does not hold a 32-byte base64 key: restore it from a backup or set ENCRYPTION_MASTER_KEY`,
      );
    }
    return { current: stored, previous, source: 'file' };
  }
  const key = randomBytes(32);
  const persist = () => {
    mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  };
  return { current: { key, id: masterKeyId(key) }, previous, source: 'generated', persist };
}

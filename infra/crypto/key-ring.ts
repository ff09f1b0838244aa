import { hkdfSync, randomBytes } from 'node:crypto';
import type { DataKeyRow, DataKeyStore } from '../db/repositories/data-keys';
import { open, seal } from './aes-gcm';
import type { MasterKey, MasterKeys } from './master-key';

/** A payload cannot be decoded: its data key was destroyed (erasure) or is unknown here. */
export class DataKeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyUnavailableError';
  }
}

export const PLATFORM_OWNER = 'platform';
export const clientOwner = (clientId: string) => `client:${clientId}`;

/**
 * How long an unwrapped key is trusted from memory. A key destroyed by another process (split
 * worker/API deployments) stops decoding there within this time; in the destroying process at once.
 */
const CACHE_MS = 60_000;

export interface KeyRing {
  /** The live data key of an owner, created (and stored wrapped) on first use. */
  keyFor(owner: string): Promise<{ keyId: string; key: Buffer }>;
  keyById(keyId: string): Promise<Buffer>;
  destroyClientDataKey(clientId: string): Promise<{ destroyedKeyIds: string[] }>;
  /** Start-up check: every stored key is wrapped by a master key we hold. Reads only. */
  verifyMasterKeys(): Promise<void>;
  /** Rewraps every key still wrapped by the previous master key with the current one. */
  rotateMaster(): Promise<{ rewrapped: number }>;
}

/**
 * The platform key (routine workflows) is derived from the master key, not stored: the CLI, which can
 * read the master key but not the embedded database another process holds, still decodes routine
 * payloads (schedules, rate-guard). Its id names the master key it came from.
 */
const PLATFORM_PREFIX = 'pk_';
const platformKey = (m: MasterKey) =>
  Buffer.from(hkdfSync('sha256', m.key, 'echopilot', 'temporal payload platform key', 32));

/** `store` unset: platform key only (the CLI over an embedded database it cannot open). */
export function createKeyRing(store: DataKeyStore | undefined, masters: MasterKeys): KeyRing {
  const byId = new Map<string, { key: Buffer; at: number }>();
  const byOwner = new Map<string, { keyId: string; at: number }>();
  const fresh = (at: number) => Date.now() - at < CACHE_MS;
  const masterFor = (id: string | null): MasterKey | undefined =>
    [masters.current, masters.previous].find((m) => m && m.id === id);
  const unwrap = (row: DataKeyRow): Buffer => {
    const master = masterFor(row.masterKeyId);
    if (!master || !row.wrappedKey) throw new DataKeyUnavailableError(`data key ${row.keyId}: no master key for it`);
    return open(master.key, Buffer.from(row.wrappedKey, 'base64'), row.keyId);
  };
  const remember = (keyId: string, key: Buffer) => byId.set(keyId, { key, at: Date.now() });

  const needStore = (): DataKeyStore => {
    if (!store)
      throw new DataKeyUnavailableError('Client data keys live in the database, which this process has not opened');
    return store;
  };

  async function keyById(keyId: string): Promise<Buffer> {
    const hit = byId.get(keyId);
    if (hit && fresh(hit.at)) return hit.key;
    if (keyId.startsWith(PLATFORM_PREFIX)) {
      const master = masterFor(keyId.slice(PLATFORM_PREFIX.length));
      if (!master)
        throw new DataKeyUnavailableError(
          `Platform payload key ${keyId} comes from a master key that is neither ENCRYPTION_MASTER_KEY nor ENCRYPTION_MASTER_KEY_PREVIOUS`,
        );
      return platformKey(master);
    }
    const row = await needStore().byId(keyId);
    if (!row) throw new DataKeyUnavailableError(`Payload data key ${keyId} is unknown to this database`);
    if (row.destroyedAt || !row.wrappedKey) {
      byId.delete(keyId);
      throw new DataKeyUnavailableError(
        `Payload data key ${keyId} was destroyed on ${(row.destroyedAt ?? new Date(0)).toISOString()} (crypto-shredded by an erasure): this payload can no longer be decoded`,
      );
    }
    const key = unwrap(row);
    remember(keyId, key);
    return key;
  }

  return {
    async keyFor(owner) {
      if (owner === PLATFORM_OWNER)
        return { keyId: `${PLATFORM_PREFIX}${masters.current.id}`, key: platformKey(masters.current) };
      const hit = byOwner.get(owner);
      if (hit && fresh(hit.at)) return { keyId: hit.keyId, key: await keyById(hit.keyId) };
      const store = needStore();
      let row = await store.live(owner);
      if (!row) {
        const keyId = `dk_${randomBytes(12).toString('base64url')}`;
        const key = randomBytes(32);
        const wrappedKey = seal(masters.current.key, key, keyId).toString('base64');
        await store.insert({ keyId, owner, wrappedKey, masterKeyId: masters.current.id });
        row = await store.live(owner);
        if (!row) throw new Error('a client data key vanished right after it was stored');
      }
      const key = unwrap(row);
      remember(row.keyId, key);
      byOwner.set(owner, { keyId: row.keyId, at: Date.now() });
      return { keyId: row.keyId, key };
    },
    keyById,
    async destroyClientDataKey(clientId) {
      const owner = clientOwner(clientId);
      const destroyedKeyIds = await needStore().destroy(owner);
      byOwner.delete(owner);
      for (const id of destroyedKeyIds) byId.delete(id);
      return { destroyedKeyIds };
    },
    async verifyMasterKeys() {
      const store = needStore();
      const foreign = await store.wrappedByOther(masters.current.id);
      const unknown = foreign.find((r) => !masterFor(r.masterKeyId));
      if (unknown) {
        throw new Error(
          `ENCRYPTION_MASTER_KEY does not match the master key that wrapped the stored payload data keys (master key id ${unknown.masterKeyId}; the configured key's id is ${masters.current.id}${masters.previous ? `, ENCRYPTION_MASTER_KEY_PREVIOUS's ${masters.previous.id}` : ''}). Set ENCRYPTION_MASTER_KEY to the key in use, or keep the old one as ENCRYPTION_MASTER_KEY_PREVIOUS and run \`echopilot keys rotate-master\`. Nothing was changed.`,
        );
      }
      // Same fingerprint but a key that does not open (a corrupted row or file) is caught here too.
      for (const m of [masters.current, masters.previous]) {
        const sample = m && (await store.anyWrappedBy(m.id));
        if (!sample) continue;
        try {
          unwrap(sample);
        } catch {
          throw new Error(
            `ENCRYPTION_MASTER_KEY${m === masters.previous ? '_PREVIOUS' : ''} cannot unwrap data key ${sample.keyId}. Nothing was changed.`,
          );
        }
      }
    },
    async rotateMaster() {
      const store = needStore();
      let rewrapped = 0;
      for (const row of await store.wrappedByOther(masters.current.id)) {
        const key = unwrap(row);
        const wrapped = seal(masters.current.key, key, row.keyId).toString('base64');
        if (await store.rewrap(row.keyId, row.masterKeyId!, wrapped, masters.current.id)) rewrapped++;
      }
      return { rewrapped };
    },
  };
}

/** Destroys client keys without a master key (encryption turned off after keys were made). */
export const storeShredder = (store: DataKeyStore): Pick<KeyRing, 'destroyClientDataKey'> => ({
  destroyClientDataKey: async (clientId) => ({ destroyedKeyIds: await store.destroy(clientOwner(clientId)) }),
});

import type { KeyRing } from '../infra/crypto/key-ring';

export interface KeyActivityDeps {
  /** The codec's key ring (its caches forget the key at once), or a store-only shredder when encryption is off. */
  payloadKeys: Pick<KeyRing, 'destroyClientDataKey'>;
}

/** Crypto-shredding, for erasure: the client's Temporal payloads stop decoding everywhere. */
export function createKeyActivities(deps: KeyActivityDeps) {
  return {
    /** Idempotent: a second call finds no live key and destroys nothing more. */
    async destroyClientDataKey(clientId: string): Promise<{ destroyedKeyIds: string[] }> {
      return deps.payloadKeys.destroyClientDataKey(clientId);
    },
  };
}

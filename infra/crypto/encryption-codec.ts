import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { open, seal } from './aes-gcm';
import { whileDatabaseDown } from '../db/while-database-down';
import type { KeyRing } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';

const text = (v: Uint8Array | null | undefined) => (v ? Buffer.from(v).toString('utf8') : undefined);
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/**
 * Encrypts each payload whole (metadata and data, as protobuf bytes) with AES-256-GCM under the data
 * key of the workflow's owner; the key id travels in the metadata and is bound as associated data.
 * Payloads not marked `binary/encrypted` (written before encryption was on) pass through unchanged.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: KeyRing,
    private readonly owners: { ownerOf(workflowId: string | undefined): Promise<string> },
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (payloads.every(isEncrypted)) return payloads;
    // The owner and its key come from the database when not cached. A failed encode fails the whole
    // Temporal worker (found by the PostgreSQL outage of `npm run chaos`), so an outage is waited out.
    const { keyId, key } = await whileDatabaseDown(async () =>
      this.keys.keyFor(await this.owners.ownerOf(context?.workflowId)),
    );
    return payloads.map((p) =>
      isEncrypted(p)
        ? p
        : {
            metadata: {
              encoding: bytes(ENCRYPTED_ENCODING),
              [KEY_ID_METADATA]: bytes(keyId),
              [CIPHER_METADATA]: bytes(CIPHER),
            },
            data: seal(key, temporal.api.common.v1.Payload.encode(p).finish(), keyId),
          },
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (p) => {
        if (!isEncrypted(p)) return p;
        const keyId = text(p.metadata?.[KEY_ID_METADATA]);
        if (!keyId || !p.data) throw new Error('Encrypted payload without its key id or data');
        const plain = open(await whileDatabaseDown(() => this.keys.keyById(keyId)), p.data, keyId);
        return temporal.api.common.v1.Payload.decode(plain);
      }),
    );
  }
}

export const isEncrypted = (p: Payload) => text(p.metadata?.encoding) === ENCRYPTED_ENCODING;

import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Data keys of the Temporal payload codec (README "Payload encryption"): one live key per owner
 * (`platform` or `client:<clientId>`), stored only wrapped by the master key. Shredding a client
 * clears `wrapped_key` and stamps `destroyed_at`; the row stays so a payload under that key fails
 * with "destroyed" rather than "unknown key".
 */
export const payloadDataKeys = pgTable(
  'payload_data_keys',
  {
    keyId: text('key_id').primaryKey(),
    owner: text('owner').notNull(),
    /** base64(iv | tag | ciphertext), AES-256-GCM under the master key, the key id as associated data. */
    wrappedKey: text('wrapped_key'),
    /** Fingerprint of the master key that wrapped it (first bytes of its SHA-256), never the key. */
    masterKeyId: text('master_key_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    destroyedAt: ts('destroyed_at'),
  },
  (t) => [
    uniqueIndex('payload_data_keys_live_owner_uq')
      .on(t.owner)
      .where(sql`${t.destroyedAt} is null`),
    index('payload_data_keys_master_idx').on(t.masterKeyId),
  ],
);

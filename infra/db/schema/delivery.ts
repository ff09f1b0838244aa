import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Per-client link generation: every signed delivery link carries the generation it was issued in;
 * revoking a client's links raises it, so all links issued before stop working at once.
 */
export const deliveryLinkGenerations = pgTable('delivery_link_generations', {
  clientId: text('client_id').primaryKey(),
  generation: integer('generation').notNull().default(0),
  revokedAt: ts('revoked_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Signing keys by key id (a hash of the secret, never the secret): when a key was first used tells how
 * long the key it replaced may still verify (until every link it signed has expired).
 */
export const deliverySigningKeys = pgTable('delivery_signing_keys', {
  keyId: text('key_id').primaryKey(),
  firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
});

/** Every unsubscribe, with its time and source (api, one-click, operator); an address listed here gets no optional mail. */
export const unsubscribes = pgTable(
  'unsubscribes',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    source: text('source').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('unsubscribes_email_idx').on(t.email), index('unsubscribes_created_idx').on(t.createdAt)],
);

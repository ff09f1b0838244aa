import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The previous hash of the chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers, besides the previous hash. */
export interface HashedFields {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
  dedupeKey: string;
  requestId?: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The hand-rolled sorted-key JSON the chain's first (version 1) rows were hashed with. Kept only so
 * those rows still verify; new rows use RFC 8785.
 */
function legacyCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(legacyCanonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${legacyCanonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function legacyHash(prevHash: string, e: HashedFields): string {
  return sha256(legacyCanonical([prevHash, e.at.toISOString(), e.actor, e.action, e.subject, e.details, e.dedupeKey]));
}

/**
 * The RFC 8785 (JCS) document a version 2 entry's hash covers. The sequence number is left out on
 * purpose: the position of an entry is fixed by the previous-hash link, so a moved row shows as a
 * broken link ("reordered") rather than as an edited row.
 */
export function canonicalEntry(prevHash: string, e: HashedFields): string {
  const doc = {
    v: 2,
    prevHash,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    target: e.subject,
    requestId: e.requestId ?? null,
    details: e.details,
    dedupeKey: e.dedupeKey,
  };
  const text = canonicalize(doc);
  if (text === undefined) throw new Error('audit entry is not serialisable as JSON');
  return text;
}

export const entryHashV2 = (canonical: string): string => sha256(canonical);

import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import type { AuditSigner } from './signing-key';

/** A signed statement "the chain had `entries` entries ending at #seq with hash headHash". */
export interface AuditCheckpoint {
  kind: 'echopilot-audit-checkpoint';
  version: 1;
  seq: number;
  headHash: string;
  entries: number;
  createdAt: string;
  /** daily, weekly-audit or manual */
  reason: string;
  keyId: string;
  /** Ed25519 over the RFC 8785 form of every other field, base64. */
  signature: string;
}

type Unsigned = Omit<AuditCheckpoint, 'signature'>;

const signedBytes = (cp: Unsigned) => {
  const { kind, version, seq, headHash, entries, createdAt, reason, keyId } = cp;
  return Buffer.from(canonicalize({ kind, version, seq, headHash, entries, createdAt, reason, keyId })!);
};

export function signCheckpoint(
  head: { seq: number; headHash: string; entries: number },
  reason: string,
  signer: AuditSigner,
  now = new Date(),
): AuditCheckpoint {
  const unsigned: Unsigned = {
    kind: 'echopilot-audit-checkpoint',
    version: 1,
    ...head,
    createdAt: now.toISOString(),
    reason,
    keyId: signer.keyId,
  };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), signer.privateKey).toString('base64') };
}

/** Needs only the public key (a KeyObject or SPKI PEM). */
export function verifyCheckpoint(cp: AuditCheckpoint, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(null, signedBytes(cp), key, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

const fileName = (cp: AuditCheckpoint) => `checkpoint-${cp.createdAt.replace(/[:.]/g, '')}-${cp.seq}.json`;

/** Writes the checkpoint (and the public key a verifier needs) into each folder; returns the files. */
export function writeCheckpoint(cp: AuditCheckpoint, dirs: string[], publicKeyPem: string): string[] {
  return dirs.map((dir) => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, 'audit-signing-key.pub.pem'), publicKeyPem, { mode: 0o644 });
    const file = path.join(dir, fileName(cp));
    writeFileSync(file, `${JSON.stringify(cp, null, 2)}\n`, { mode: 0o600 });
    return file;
  });
}

export interface StoredCheckpoint {
  file: string;
  checkpoint: AuditCheckpoint;
}

/** Every checkpoint file in the folder, oldest first (names start with the creation time). */
export function readCheckpoints(dir: string): StoredCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^checkpoint-.*\.json$/.test(n))
    .sort()
    .flatMap((n) => {
      try {
        return [{ file: n, checkpoint: JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as AuditCheckpoint }];
      } catch {
        return [];
      }
    });
}

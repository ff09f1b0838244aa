import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config';

export interface AuditSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM: all a verifier needs. */
  publicKeyPem: string;
  /** Short fingerprint of the public key, written into every checkpoint. */
  keyId: string;
  source: 'env' | 'file' | 'generated';
}

export const signingKeyFile = (config: Config) => path.join(config.dataDir, 'audit-signing-key.pem');

/** PKCS#8 PEM (newlines may arrive as `\n` in an env file) or the DER in base64. */
function parsePrivateKey(text: string): KeyObject {
  const t = text.trim().replaceAll('\\n', '\n');
  const key = t.startsWith('-----BEGIN')
    ? createPrivateKey(t)
    : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key');
  return key;
}

export function signerFromPrivateKey(privateKey: KeyObject, source: AuditSigner['source']): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    source,
  };
}

/**
 * AUDIT_SIGNING_KEY wins; otherwise an Ed25519 key generated on first start is kept in
 * `DATA_DIR/audit-signing-key.pem` (mode 0600), outside the database it vouches for.
 */
export function ensureAuditSigner(config: Config): AuditSigner {
  if (config.audit.signingKey) {
    try {
      return signerFromPrivateKey(parsePrivateKey(config.audit.signingKey), 'env');
    } catch (err) {
      // The message never carries the key itself.
      throw new Error(`AUDIT_SIGNING_KEY is not a usable Ed25519 private key (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
  const file = signingKeyFile(config);
  if (existsSync(file)) return signerFromPrivateKey(parsePrivateKey(readFileSync(file, 'utf8')), 'file');
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    // wx: two processes starting at once keep one key, the one written first.
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return signerFromPrivateKey(parsePrivateKey(readFileSync(file, 'utf8')), 'file');
  }
  return signerFromPrivateKey(privateKey, 'generated');
}

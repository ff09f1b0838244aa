import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoints, signCheckpoint, verifyCheckpoint, writeCheckpoint } from '../../infra/audit/checkpoints';
import { ensureAuditSigner, signingKeyFile } from '../../infra/audit/signing-key';
import { loadConfig } from '../../infra/config/load-config';
import { testConfig } from '../support/test-config';

const head = { seq: 42, headHash: 'a'.repeat(64), entries: 42 };

describe('signed audit checkpoints (Ed25519, node:crypto)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'audit-cp-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates the key under DATA_DIR on first use (mode 0600) and keeps it across restarts', () => {
    const config = testConfig({ DATA_DIR: dataDir });
    const first = ensureAuditSigner(config);
    expect(first.source).toBe('generated');
    expect(statSync(signingKeyFile(config)).mode & 0o777).toBe(0o600);
    const again = ensureAuditSigner(config);
    expect(again).toMatchObject({ source: 'file', keyId: first.keyId });
  });

  it('verifies with the public key alone, and fails after any field or the signature is tampered with', () => {
    const signer = ensureAuditSigner(testConfig({ DATA_DIR: dataDir }));
    const cp = signCheckpoint(head, 'daily', signer);
    // Only the SPKI PEM text: no private key involved in verification.
    expect(verifyCheckpoint(cp, signer.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint({ ...cp, headHash: 'b'.repeat(64) }, signer.publicKeyPem)).toBe(false);
    expect(verifyCheckpoint({ ...cp, seq: 41 }, signer.publicKeyPem)).toBe(false);
    expect(verifyCheckpoint({ ...cp, createdAt: '2020-01-01T00:00:00.000Z' }, signer.publicKeyPem)).toBe(false);
    const sig = Buffer.from(cp.signature, 'base64');
    sig[0] = sig[0]! ^ 1;
    expect(verifyCheckpoint({ ...cp, signature: sig.toString('base64') }, signer.publicKeyPem)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyCheckpoint(cp, other)).toBe(false);
  });

  it('a checkpoint file edited on disk no longer verifies', () => {
    const signer = ensureAuditSigner(testConfig({ DATA_DIR: dataDir }));
    const dir = path.join(dataDir, 'backups', 'audit');
    const [file] = writeCheckpoint(signCheckpoint(head, 'weekly-audit', signer), [dir], signer.publicKeyPem);
    const pem = readFileSync(path.join(dir, 'audit-signing-key.pub.pem'), 'utf8');
    const [stored] = readCheckpoints(dir);
    expect(verifyCheckpoint(stored!.checkpoint, pem)).toBe(true);
    writeFileSync(file!, readFileSync(file!, 'utf8').replace('"seq": 42', '"seq": 40'));
    const [edited] = readCheckpoints(dir);
    expect(edited!.checkpoint.seq).toBe(40);
    expect(verifyCheckpoint(edited!.checkpoint, pem)).toBe(false);
  });

  it('uses AUDIT_SIGNING_KEY (PEM or base64 DER) and names a wrong one without echoing it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const fromPem = ensureAuditSigner(testConfig({ DATA_DIR: dataDir, AUDIT_SIGNING_KEY: pem }));
    const fromDer = ensureAuditSigner(testConfig({ DATA_DIR: dataDir, AUDIT_SIGNING_KEY: der }));
    expect(fromPem.source).toBe('env');
    expect(fromDer.keyId).toBe(fromPem.keyId);
    expect(() => statSync(path.join(dataDir, 'audit-signing-key.pem'))).toThrow();
    const wrong = 'x'.repeat(60);
    const config = testConfig({ DATA_DIR: dataDir, AUDIT_SIGNING_KEY: wrong });
    expect(config.secretValues).toContain(wrong);
    let message = '';
    try {
      ensureAuditSigner(config);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^AUDIT_SIGNING_KEY is not a usable Ed25519 private key/);
    expect(message).not.toContain(wrong);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => ensureAuditSigner(testConfig({ DATA_DIR: dataDir, AUDIT_SIGNING_KEY: rsa.toString() }))).toThrow(
      /must be an Ed25519 private key/,
    );
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'short' })).toThrow(/AUDIT_SIGNING_KEY/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load-config';

const ROOT = path.resolve(__dirname, '../..');

describe('payments configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.payments).toMatchObject({
      currency: 'usd',
      maxAmountCents: 1_000_000,
      invoiceExpirySeconds: 86_400,
      reminderBeforeSeconds: 3_600,
      reconciliationLookbackHours: 72,
    });
    expect(c.payments.successUrl).toBe('http://localhost:5000/payments/success');
    expect(c.paypal.baseUrl).toBe('https://api-m.sandbox.paypal.com');
    expect(loadConfig({ STRIPE_MODE: 'live', STRIPE_SECRET_LIVE: 'sk_live_x' }).paypal.baseUrl).toBe(
      'https://api-m.paypal.com',
    );
    expect(loadConfig({ PAYMENTS_CURRENCY: 'EUR', PAYMENTS_MAX_AMOUNT: '99.5' }).payments).toMatchObject({
      currency: 'eur',
      maxAmountCents: 9950,
    });
  });

  it('refuses zero-decimal currencies, half a PayPal configuration and restricted keys of the wrong mode', () => {
    expect(() => loadConfig({ PAYMENTS_CURRENCY: 'jpy' })).toThrow(/PAYMENTS_CURRENCY: zero-decimal/);
    expect(() => loadConfig({ PAYMENTS_CURRENCY: 'dollars' })).toThrow(/PAYMENTS_CURRENCY/);
    expect(() => loadConfig({ PAYPAL_CLIENT_ID: 'x' })).toThrow(/set all three or none/);
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'rk_live_abc' })).toThrow(/a live key/);
    expect(() => loadConfig({ STRIPE_MODE: 'live', STRIPE_SECRET_LIVE: 'rk_test_abc' })).toThrow(/a test key/);
    expect(() => loadConfig({ INVOICE_EXPIRY_SECONDS: '90000' })).toThrow(/INVOICE_EXPIRY_SECONDS/);
  });

  it('a live key in test mode stops `echopilot start` before anything starts, naming the variable but not the key', () => {
    const liveKey = 'sk_live_must_never_be_used_in_test_0001';
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin/echopilot.cjs'), 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        STRIPE_MODE: 'test',
        STRIPE_SECRET_KEY: liveKey,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'ep-guard-')),
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('STRIPE_SECRET_KEY: a live key (sk_live_…) is refused while STRIPE_MODE=test');
    expect(res.stderr + res.stdout).not.toContain(liveKey);
    expect(res.stdout).not.toContain('EchoPilot is running');
  });

  it('live mode without STRIPE_SECRET_LIVE, or with a test key, fails start-up too', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/echopilot.cjs'), 'start'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const missing = run({ STRIPE_MODE: 'live' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('STRIPE_SECRET_LIVE: required when STRIPE_MODE=live');
    const testKey = run({ STRIPE_MODE: 'live', STRIPE_SECRET_LIVE: 'sk_test_wrong_mode_0001' });
    expect(testKey.status).toBe(1);
    expect(testKey.stderr).toContain('a test key (sk_test_…) is refused while STRIPE_MODE=live');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const PAYPAL = {
  clientId: 'paypal-client',
  clientSecret: 'paypal-secret-value',
  webhookId: 'WH-GUARD-1',
  validSignature: 'sig-ok',
};
const SANDBOX_CERT = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42';

const headers = (certUrl: string, sig = 'forged') => ({
  'content-type': 'application/json',
  'paypal-auth-algo': 'SHA256withRSA',
  'paypal-cert-url': certUrl,
  'paypal-transmission-id': 'tx-guard',
  'paypal-transmission-sig': sig,
  'paypal-transmission-time': new Date().toISOString(),
});
const event = (id: string) => ({
  id,
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  resource: { id: `CAP-${id}`, amount: { currency_code: 'USD', value: '1.00' }, custom_id: 'inv_guard' },
});

describe('#20 PayPal webhook: cert URL host checked, verification calls rate-limited', () => {
  let fake: PaypalFake;
  let p: TestPlatform;
  beforeAll(async () => {
    fake = await startPaypalFake(PAYPAL);
    p = await createTestPlatform({
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: fake.url,
      PAYPAL_VERIFY_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await p.close();
    await fake.close();
  });

  const post = async (h: Record<string, string>, body: unknown) => {
    const res = await p.app.request('/webhook/paypal', { method: 'POST', headers: h, body: JSON.stringify(body) });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { error?: { code: string; message: string; details?: { field: string } } },
    };
  };

  it("#20 a paypal-cert-url that is not on PayPal's hosts → 400 naming the header, and PayPal is never asked", async () => {
    const before = fake.verifications.length;
    for (const certUrl of [
      'https://attacker.example.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com.attacker.example/v1/notifications/certs/CERT-1',
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://user:pw@api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com:8443/v1/notifications/certs/CERT-1',
      'https://api.paypal.com/redirect?to=https://attacker.example/',
      'https://127.0.0.1/v1/notifications/certs/CERT-1',
      'not a url',
    ]) {
      const res = await post(headers(certUrl), event('WH-G0'));
      expect(res.status, certUrl).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_cert_url', details: { field: 'paypal-cert-url' } });
    }
    expect(fake.verifications.length).toBe(before);
  });

  it('#20 beyond PAYPAL_VERIFY_PER_MINUTE verifications a delivery gets 429 with Retry-After and makes no outbound call', async () => {
    const before = fake.verifications.length;
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(
        await post(
          headers(i % 2 ? 'https://api.paypal.com/v1/notifications/certs/CERT-2' : SANDBOX_CERT),
          event(`WH-G${i + 1}`),
        ),
      );
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 429, 429, 429]);
    expect(answers.slice(0, 3).map((a) => a.body.error!.code)).toEqual([
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
    ]);
    expect(answers[3]!.body.error!.code).toBe('paypal_verify_rate_limited');
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
    expect(fake.verifications.length - before).toBe(3);
    // A malformed event is refused before it costs a verification.
    expect((await post(headers(SANDBOX_CERT), { id: 'WH-G9' })).status).toBe(400);
  });
});

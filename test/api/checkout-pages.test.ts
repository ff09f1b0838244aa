import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('Checkout return pages', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ BUSINESS_NAME: 'Acme <Studio>' });
  });
  afterAll(async () => p.close());

  it('serve public HTML at the default success and cancel redirects, escaping configured text', async () => {
    const ok = await p.app.request('/payments/success');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    const body = await ok.text();
    expect(body).toContain('Your payment was received');
    expect(body).toContain('Acme &lt;Studio&gt;');
    const cancel = await p.app.request('/payments/cancel');
    expect(cancel.status).toBe(200);
    expect(await cancel.text()).toContain('nothing was charged');
    expect((await p.app.request('/payments/success', { method: 'POST' })).status).toBe(405);
  });

  it('are what the default Checkout configuration points at', () => {
    expect(new URL(p.config.payments.successUrl).pathname).toBe('/payments/success');
    expect(new URL(p.config.payments.cancelUrl).pathname).toBe('/payments/cancel');
  });
});

import type { Config } from '../config/load-config';
import { PaypalUnavailableError, type PaypalCall } from './paypal-errors';
import { createPaypalOrders, type PaypalOrders } from './paypal-orders';

export { PaypalRejectedError, PaypalUnavailableError } from './paypal-errors';

/** The transmission headers PayPal sends with every webhook, needed to verify it. */
export interface PaypalTransmission {
  authAlgo: string;
  certUrl: string;
  transmissionId: string;
  transmissionSig: string;
  transmissionTime: string;
}

export interface PaypalClient extends PaypalOrders {
  /** Asks PayPal's verify-webhook-signature API; true only for `verification_status: SUCCESS`. */
  verifyWebhook(t: PaypalTransmission, event: unknown): Promise<boolean>;
}

/** PayPal REST over fetch: OAuth client-credentials token, webhook verification, Orders v2, refunds. */
export function createPaypalClient(cfg: Config['paypal'], fetchImpl: typeof fetch = fetch): PaypalClient | undefined {
  if (!cfg.clientId || !cfg.clientSecret || !cfg.webhookId) return undefined;
  const base = cfg.baseUrl.replace(/\/$/, '');
  const basic = Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString('base64');
  let token: { value: string; until: number } | undefined;

  async function raw(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetchImpl(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new PaypalUnavailableError(`PayPal API unreachable: ${(err as Error).message}`);
    }
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const res = await raw('/v1/oauth2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    if (!res.ok) throw new PaypalUnavailableError(`PayPal token request failed with HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new PaypalUnavailableError('PayPal token response had no access_token');
    token = { value: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 300) - 60) * 1000 };
    return token.value;
  }

  const call: PaypalCall = async (method, path, body, requestId) => {
    const res = await raw(path, {
      method,
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        'content-type': 'application/json',
        prefer: 'return=representation',
        ...(requestId && { 'paypal-request-id': requestId }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (res.status === 401) token = undefined;
    if (res.status >= 500 || res.status === 401 || res.status === 429) {
      throw new PaypalUnavailableError(
        `PayPal ${method} ${path.split('/').slice(0, 4).join('/')} failed: HTTP ${res.status}`,
      );
    }
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new PaypalUnavailableError(`PayPal answered HTTP ${res.status} with a body that is not JSON`);
    }
    return { status: res.status, body: parsed };
  };

  return {
    ...createPaypalOrders(call),
    async verifyWebhook(t, event) {
      const res = await call('POST', '/v1/notifications/verify-webhook-signature', {
        auth_algo: t.authAlgo,
        cert_url: t.certUrl,
        transmission_id: t.transmissionId,
        transmission_sig: t.transmissionSig,
        transmission_time: t.transmissionTime,
        webhook_id: cfg.webhookId,
        webhook_event: event,
      });
      if (res.status >= 400) return false;
      return res.body.verification_status === 'SUCCESS';
    },
  };
}

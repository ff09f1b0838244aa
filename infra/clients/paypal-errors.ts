/** Network failure, 5xx, 429 or a token problem: repeating the call later may succeed. */
export class PaypalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaypalUnavailableError';
  }
}

/** A 4xx PayPal will answer again for the same call (validation, state, permission). */
export class PaypalRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issue?: string,
  ) {
    super(message);
    this.name = 'PaypalRejectedError';
  }
}

/** One authorised JSON call; `requestId` becomes PayPal-Request-Id (PayPal's idempotency key). */
export type PaypalCall = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  requestId?: string,
) => Promise<{ status: number; body: Record<string, unknown> }>;

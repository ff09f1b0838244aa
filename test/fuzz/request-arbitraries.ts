import fc from 'fast-check';
import type { ApiApp } from '../../api/app-env';
import { TEST_DASH_KEY } from '../support/test-config';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Method and path of every route the app serves (middleware, wildcards and the 405 answers of
 * onlyMethods left out: a real handler is registered for one method of its path, the guard for many).
 */
export function appRoutes(app: ApiApp): { method: string; path: string }[] {
  const uses = new Map<unknown, Set<string>>();
  for (const r of app.routes) uses.set(r.handler, (uses.get(r.handler) ?? new Set()).add(`${r.method} ${r.path}`));
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    const others = [...uses.get(r.handler)!].filter((k) => k.endsWith(` ${r.path}`));
    if (others.length === 1) seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Strings that have broken parsers and databases before: NUL, lone surrogates, RTL, emoji, huge. */
const edgeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFF',
    'x\uD83D',
    '\u202Eevil',
    '😀'.repeat(10),
    '',
    ' ',
    '%00',
    '../../etc/passwd',
    "' OR 1=1 --",
    '${jndi:x}',
    '<script>',
    'NaN',
    '-0',
    '1e309',
  ),
  fc.string({ maxLength: 20 }).map((s) => s.repeat(2000)),
);

/** Field names the routes read, so random bodies reach the validators and handlers, not only the parser. */
const FIELDS = [
  'title',
  'prompt',
  'clientId',
  'type',
  'media',
  'url',
  'idempotencyKey',
  'amount',
  'email',
  'description',
  'taskIds',
  'currency',
  'paymentId',
  'invoiceId',
  'reason',
  'note',
  'start',
  'end',
  'overlap',
  'waitSeconds',
  'limit',
  'kind',
  'severity',
  'message',
  'id',
  'event_type',
  'resource',
  'verification_token',
  'data',
  'object',
  'created',
];

const leaf = fc.oneof(
  edgeString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -1, 0, 2 ** 53 + 1, 10, 0.001),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const shapedObject = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 });
const deep = fc.integer({ min: 50, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n));

const body = fc.oneof(
  shapedObject.map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  deep,
  fc.constantFrom(
    '{',
    'null',
    '[]',
    '"x"',
    '{"title":"t","prompt":"p"}',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{}}}',
  ),
  fc.constant(undefined),
);

/** Header values must be ByteStrings; anything else is refused by the client before the app sees it. */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

const pathPart = fc.oneof(
  fc.constantFrom('pay_x', 'inv_x', 'no-such', 'Self_Heal', '%00', '%ED%A0%80', '..', '%2F', 'x'.repeat(300)),
  fc.string({ maxLength: 30 }).map((s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80'; // a lone surrogate cannot be URI-encoded; send its raw UTF-8 bytes
    }
  }),
);

/** Paths with a configured schedule id act on the shared dev server's real schedules; ids stay random here. */
function fillPath(path: string, parts: string[]): string {
  let i = 0;
  return path.replace(/:[A-Za-z]+/g, () => parts[i++ % parts.length] || 'x');
}

export function requestArbitrary(routes: { method: string; path: string }[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      // Mostly the route's own method (to reach its handler), sometimes any other.
      otherMethod: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      parts: fc.array(pathPart, { minLength: 1, maxLength: 3 }),
      query: fc.option(
        fc.dictionary(
          fc.constantFrom('status', 'limit', 'cursor', 'clientId', 'from', 'to', 'kind', 'x'),
          fc.oneof(pathPart, fc.constant('')),
          { maxKeys: 3 },
        ),
        { freq: 2 },
      ),
      key: fc.oneof(
        { weight: 8, arbitrary: fc.constant(TEST_DASH_KEY) },
        { weight: 1, arbitrary: headerValue },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      contentType: fc.option(
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
        { freq: 3 },
      ),
      extra: fc.dictionary(
        fc.constantFrom(
          'x-request-id',
          'stripe-signature',
          'x-notion-signature',
          'paypal-transmission-id',
          'paypal-cert-url',
          'x-telegram-bot-api-secret-token',
          'accept',
          'x-forwarded-for',
        ),
        headerValue,
        { maxKeys: 3 },
      ),
      body,
      ip: fc.integer({ min: 1, max: 250 }),
    })
    .map(({ route, otherMethod, parts, query, key, contentType, extra, body: b, ip }) => {
      const method = otherMethod ?? route.method;
      const qs = query
        ? `?${Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')}`
        : '';
      // Callers with the key and without it come from different addresses: bans of the second never hide the first.
      const headers: Record<string, string> = {
        'x-forwarded-for': `10.${key === TEST_DASH_KEY ? 77 : 78}.${ip}.1`,
        ...extra,
      };
      if (key !== undefined) headers['x-dash-key'] = key;
      if (contentType) headers['content-type'] = contentType;
      const withBody = method !== 'GET' && method !== 'HEAD' && b !== undefined;
      return { method, path: fillPath(route.path, parts) + qs, headers, ...(withBody ? { body: b } : {}) };
    });
}

import type { Payload } from '@temporalio/common';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { codecUiToken } from '../../infra/crypto/codec-ui-token';
import { DataKeyUnavailableError } from '../../infra/crypto/key-ring';
import type { RouteContext } from '../app-deps';
import type { AppEnv } from '../app-env';
import { ApiError, unauthorized } from '../errors';
import { keysMatch } from '../middleware/dash-auth';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');
/** Temporal's codec server protocol: proto3 JSON of `Payloads` (bytes as base64). */
export const codecBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(1000),
});
type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

const toPayload = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** The Web UI origins allowed to call the codec from a browser (the configured one and the dev server's). */
const uiOrigins = (ctx: RouteContext) => [
  new URL(ctx.config.temporal.uiPublicUrl).origin,
  `http://127.0.0.1:${ctx.config.temporal.uiPort}`,
  `http://localhost:${ctx.config.temporal.uiPort}`,
];

/**
 * The codec server (README "Payload encryption"): the Temporal Web UI and `temporal` CLI decode
 * payloads through it. `/codec/encode|decode` take the dashboard key (X-Dash-Key or
 * `Authorization: Bearer`); `/codec/ui/<token>/…` is the URL handed to the embedded dev server's UI.
 */
export function codecRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const expectedToken = codecUiToken(ctx.config.auth.dashboardKey!);
  app.use(
    '*',
    cors({
      origin: uiOrigins(ctx),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Namespace', 'Authorization', 'X-Dash-Key'],
      credentials: true,
      maxAge: 600,
    }),
  );

  const run = (op: 'encode' | 'decode') => async (c: Context<AppEnv>) => {
    const { payloads } = await parseJsonBody(c, codecBody);
    const codec = ctx.payloadCodec;
    try {
      const out = codec ? await codec[op](payloads.map(toPayload)) : payloads.map(toPayload);
      return c.json({ payloads: out.map(toJson) });
    } catch (err) {
      if (err instanceof DataKeyUnavailableError) throw new ApiError(422, 'payload_key_destroyed', err.message);
      throw new ApiError(422, 'payload_undecodable', `Cannot ${op} the payloads: ${(err as Error).message}`);
    }
  };
  const uiToken = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!keysMatch(c.req.param('token') ?? '', expectedToken)) throw unauthorized();
    await next();
  };

  for (const op of ['encode', 'decode'] as const) {
    app.post(`/${op}`, ctx.admin, run(op));
    onlyMethods(app, `/${op}`, ['POST']);
    app.post(`/ui/:token/${op}`, uiToken, run(op));
    onlyMethods(app, `/ui/:token/${op}`, ['POST']);
  }
  return app;
}

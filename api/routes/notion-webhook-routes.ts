import { Hono } from 'hono';
import { z } from 'zod';
import { verifyWebhookSignature } from '@notionhq/client';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { notionIntakeRequested } from '../../domain/contracts/task-messages';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError, badRequest } from '../errors';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';
import { acceptNotionHandshake, isHandshake } from './notion-handshake';
import { requestClientSync } from '../client-sync-request';

export const NOTION_WEBHOOK_INTAKE_ID = 'notion-intake-webhook';

export const eventSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().min(1),
    entity: z.object({ id: z.string(), type: z.string() }).optional(),
  })
  .passthrough();

/** Events that can change what the queue query returns. */
const RELEVANT = /^(page|data_source|database)\./;

/** `POST /webhook/notion`: signature-checked Notion events start the intake now instead of at the next poll. */
export function notionWebhookRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/notion', async (c) => {
    const raw = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw badRequest('invalid_json', 'Request body is not valid JSON');
    }
    const signature = c.req.header('x-notion-signature');
    if (isHandshake(json) && !signature) {
      const { stored } = await acceptNotionHandshake(ctx, json);
      return c.json({ ok: true, received: 'verification_token', stored });
    }
    const secret = ctx.config.notion.webhookSecret;
    if (!secret) {
      // Without the secret no event can be verified, so none is acted on; the poll still runs every 60 s.
      throw new ApiError(
        503,
        'notion_webhook_not_configured',
        'Notion webhooks are not configured: set NOTION_WEBHOOK_SECRET to the verification token of the subscription',
      );
    }
    if (!(await verifyWebhookSignature({ body: raw, signature, verificationToken: secret }))) {
      throw new ApiError(401, 'invalid_signature', 'X-Notion-Signature does not match the body');
    }
    const event = validate(eventSchema, json, 'event');
    const { queueDbId, clientDbId } = ctx.config.notion;
    if (!RELEVANT.test(event.type) || (!queueDbId && !clientDbId)) return c.json({ ok: true, ignored: event.type });
    // One intake per burst: a delivery during a running pass asks it for one more pass.
    if (queueDbId)
      await ctx.temporal.workflow.signalWithStart('notionIntake', {
        workflowId: NOTION_WEBHOOK_INTAKE_ID,
        taskQueue: ctx.config.temporal.taskQueue,
        args: [{ source: 'webhook' }],
        signal: notionIntakeRequested,
        signalArgs: [],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    const clientSync = clientDbId ? await requestClientSync(ctx) : undefined;
    return c.json(
      {
        ok: true,
        eventId: event.id,
        ...(queueDbId && { intake: NOTION_WEBHOOK_INTAKE_ID }),
        ...(clientSync && { clientSync }),
      },
      202,
    );
  });
  onlyMethods(app, '/notion', ['POST']);
  return app;
}

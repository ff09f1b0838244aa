import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { validate } from '../validation';

export const NOTION_TOKEN_FILE = 'notion-webhook-verification-token';

/** Notion's tokens are short printable strings; anything longer is refused before it is stored. */
export const handshakeSchema = z
  .object({
    verification_token: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces only'),
  })
  .strict();

/** A body that is a subscription handshake (has `verification_token`), valid or not. */
export const isHandshake = (json: unknown): boolean =>
  !!json && typeof json === 'object' && !Array.isArray(json) && 'verification_token' in json;

const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

/**
 * Subscription set-up: Notion sends the token once, unsigned; the operator pastes it back into Notion
 * and sets NOTION_WEBHOOK_SECRET to it. Unsigned, so it is accepted only while no secret is set, and
 * a stored token is never replaced (the file is created exclusively). Kept in a 0600 file, never logged;
 * the audit entry carries a fingerprint only.
 */
export async function acceptNotionHandshake(ctx: RouteContext, json: unknown): Promise<{ stored: 'new' | 'same' }> {
  if (ctx.config.notion.webhookSecret) {
    ctx.logger.warn('unsigned Notion verification token refused: NOTION_WEBHOOK_SECRET is set');
    throw new ApiError(
      409,
      'notion_webhook_already_configured',
      'NOTION_WEBHOOK_SECRET is set: a verification token is accepted only while it is unset',
    );
  }
  const token = validate(handshakeSchema, json).verification_token;
  const file = path.join(ctx.config.dataDir, NOTION_TOKEN_FILE);
  await mkdir(ctx.config.dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, token, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if ((await readFile(file, 'utf8')) === token) return { stored: 'same' };
    ctx.logger.warn('Notion verification token refused: a different one is already stored');
    throw new ApiError(
      409,
      'verification_token_exists',
      `A different verification token is already stored; remove ${NOTION_TOKEN_FILE} from DATA_DIR to accept a new one`,
    );
  }
  const fp = fingerprint(token);
  await ctx.payments.audit.append({
    actor: 'system:notion-webhook',
    action: 'notion.verification_token.stored',
    subject: 'notion:webhook',
    details: { fingerprint: fp, length: token.length },
    dedupeKey: `notion.verification_token:${fp}`,
  });
  ctx.logger.warn(
    { file: NOTION_TOKEN_FILE },
    'Notion webhook verification token received; set NOTION_WEBHOOK_SECRET to the value stored in DATA_DIR',
  );
  return { stored: 'new' };
}

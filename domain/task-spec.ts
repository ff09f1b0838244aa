import { z } from 'zod';
import { hasUserinfo } from './media-url';
import { TASK_SOURCES } from './task';
import { DEFAULT_TASK_PRIORITY, MAX_TASK_PRIORITY, MIN_TASK_PRIORITY } from './task-priority';

export const TITLE_MAX = 200;
export const PROMPT_MAX = 100_000;

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);

/** `POST /api/tasks` body (README "HTTP API"). Unknown fields are refused so typos surface. */
export const createTaskBodySchema = z
  .object({
    title: z.string().trim().min(1, 'is required').max(TITLE_MAX),
    prompt: z.string().trim().min(1, 'is required').max(PROMPT_MAX),
    clientId: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\w.@:-]+$/, 'letters, digits and . _ - @ : only')
      .optional(),
    type: z.enum(['text', 'media']).default('text'),
    // Credentials in the URL would be stored, shown and sent on: refused (use a presigned link instead).
    media: z
      .object({ url: httpUrl.refine((u) => !hasUserinfo(u), 'must not contain a user name or password') })
      .strict()
      .optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
    /** 1 (most urgent) … 5; Temporal priority of the task's workflow and its activities. */
    priority: z
      .number()
      .int('must be an integer')
      .min(MIN_TASK_PRIORITY)
      .max(MAX_TASK_PRIORITY)
      .default(DEFAULT_TASK_PRIORITY),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'media' && !v.media)
      ctx.addIssue({ code: 'custom', path: ['media', 'url'], message: 'is required when type is "media"' });
    if (v.type === 'text' && v.media)
      ctx.addIssue({ code: 'custom', path: ['media'], message: 'is only allowed when type is "media"' });
  });
export type CreateTaskBody = z.infer<typeof createTaskBodySchema>;

/** A task as the pipeline runs it, validated again from the ledger row (it may come from Notion). */
export const taskSpecSchema = z
  .object({
    taskId: z.string().min(1),
    source: z.enum(TASK_SOURCES),
    title: z.string().trim().min(1, 'title is empty').max(TITLE_MAX),
    prompt: z.string().trim().min(1, 'prompt is empty').max(PROMPT_MAX),
    clientId: z.string().nullable(),
    type: z.enum(['text', 'media']),
    mediaUrl: httpUrl.nullable(),
    notionPageId: z.string().nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'media' && !v.mediaUrl)
      ctx.addIssue({ code: 'custom', path: ['mediaUrl'], message: 'media task without a media URL' });
  });
export type TaskSpec = z.infer<typeof taskSpecSchema>;

/** Task id from a Notion page id: the same page always maps to the same task (and workflow id). */
export const notionTaskId = (pageId: string) => `notion-${pageId.replaceAll('-', '').toLowerCase()}`;

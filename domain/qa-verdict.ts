import { z } from 'zod';

/** The QA verdict contract (README "HTTP API"): `{ score: integer 0–100, feedback: string }`. */
export const qaVerdictSchema = z.object({ score: z.number().int().min(0).max(100), feedback: z.string() }).strict();
export type QaVerdict = z.infer<typeof qaVerdictSchema>;

/** The JSON schema sent as structured output (`response_format: json_schema`, strict). */
export const QA_RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'qa_verdict',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        score: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
          description: 'Quality score, 0 (useless) to 100 (perfect)',
        },
        feedback: { type: 'string', description: 'What to improve; empty when nothing' },
      },
      required: ['score', 'feedback'],
      additionalProperties: false,
    },
  },
} as const;

export type ParsedQa = { ok: true; score: number; feedback: string } | { ok: false; score: null; feedback: string };

/**
 * Reads the QA model's reply. Anything that is not exactly the contract is a failed QA attempt with
 * feedback saying so; it never passes (a model that cannot judge cannot approve).
 */
export function parseQaVerdict(raw: string | null | undefined): ParsedQa {
  if (!raw || raw.trim() === '') return { ok: false, score: null, feedback: 'QA output unparsable: empty reply' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, score: null, feedback: `QA output unparsable: not JSON (${raw.slice(0, 80)})` };
  }
  const parsed = qaVerdictSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, score: null, feedback: `QA output unparsable: ${why}` };
  }
  return { ok: true, ...parsed.data };
}

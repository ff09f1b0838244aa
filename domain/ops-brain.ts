// The AI ops brain's answer format (README "AI ops brain"): advice only, each item naming what it concerns.
import { z } from 'zod';

export const BRAIN_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type BrainSeverity = (typeof BRAIN_SEVERITIES)[number];
export type BrainTargetKind = 'schedule' | 'task' | 'client' | 'system';

/** `schedule:<id>`, `task:<id>`, `client:<id>` or `system` (the platform as a whole). */
const TARGET = /^(?:(schedule|task|client):([\w.@:-]{1,200})|system)$/;

export const brainRecommendation = z
  .object({
    action: z.string().trim().min(1).max(300),
    target: z.string().regex(TARGET, 'schedule:<id>, task:<id>, client:<id> or system'),
    severity: z.enum(BRAIN_SEVERITIES),
    rationale: z.string().trim().min(1).max(2000),
  })
  .strict();
export const brainAnswer = z.object({ recommendations: z.array(brainRecommendation).max(50) }).strict();
export type BrainRecommendation = z.infer<typeof brainRecommendation>;

export interface BrainTarget {
  kind: BrainTargetKind;
  id: string | null;
}

export function parseTarget(target: string): BrainTarget {
  const m = TARGET.exec(target);
  if (!m || !m[1]) return { kind: 'system', id: null };
  return { kind: m[1] as BrainTargetKind, id: m[2]! };
}

/** Where an operator looks at the thing a recommendation concerns (admin API paths). */
export function targetLink(t: BrainTarget): string | null {
  if (!t.id) return null;
  const id = encodeURIComponent(t.id);
  return t.kind === 'schedule' ? `/api/schedules/${id}` : t.kind === 'task' ? `/api/tasks/${id}` : `/api/clients/${id}`;
}

/** The structured-output format asked of QA_MODEL; the zod schema above is what is accepted. */
export const BRAIN_RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'ops_brain_recommendations',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        recommendations: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              action: { type: 'string', description: 'What the operator should do, imperative, one sentence' },
              target: { type: 'string', description: 'schedule:<id>, task:<id>, client:<id> or system' },
              severity: { type: 'string', enum: [...BRAIN_SEVERITIES] },
              rationale: { type: 'string', description: 'Why, citing the numbers of the picture' },
            },
            required: ['action', 'target', 'severity', 'rationale'],
            additionalProperties: false,
          },
        },
      },
      required: ['recommendations'],
      additionalProperties: false,
    },
  },
} as const;

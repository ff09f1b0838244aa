import { ScheduleOverlapPolicy } from '@temporalio/client';
import { pricingRulesOf } from '../domain/price-advice';
import type { Config } from '../infra/config/load-config';
import type { ScheduleDefinition } from './schedule-definition';

/** Pricing AI (original EchoPilot runbook Phase 36) and the AI ops brain (Phase 40). */
export function intelScheduleDefinitions(config: Config): ScheduleDefinition[] {
  return [
    {
      id: 'pricing-ai',
      description: 'Pricing AI: recommended rates per client and plan, stored, never applied (03:00 UTC)',
      spec: { calendars: [{ hour: 3, minute: 0, comment: '03:00 UTC daily' }] },
      workflowType: 'pricingAi',
      args: [{ source: 'schedule', rules: pricingRulesOf(config.intel) }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '6 hours',
    },
    // Only with an LLM key: without one every run could only fail.
    ...(!config.llm.apiKey
      ? []
      : [
          {
            id: 'ai-ops-brain',
            description: 'AI ops brain: QA_MODEL recommendations over the operational picture, stored (every 12 h)',
            spec: { intervals: [{ every: '12 hours' }] },
            workflowType: 'opsBrain',
            args: [{ source: 'schedule' }],
            overlap: ScheduleOverlapPolicy.SKIP,
            catchupWindow: '1 hour',
          },
        ]),
  ];
}

import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Config } from '../infra/config/load-config';
import type { ScheduleDefinition } from './schedule-definition';

/** The Notion Client database sync; only with NOTION_TOKEN and CLIENT_DB_ID set. */
export function clientSyncSchedules(config: Config): ScheduleDefinition[] {
  if (!config.notion.token || !config.notion.clientDbId) return [];
  const every = config.notion.clientSyncEverySeconds;
  return [
    {
      id: 'notion-client-sync',
      description: `Notion Client database synced both ways every ${every} s (contact fields from Notion, money fields from the platform)`,
      spec: { intervals: [{ every: `${every} seconds` }] },
      workflowType: 'notionClientSync',
      args: [{ source: 'schedule' }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '5 minutes',
    },
  ];
}

import { defineSignal } from '@temporalio/workflow';

/** What one pass of the Notion Client database sync did (ids only: contact values are personal data). */
export interface ClientSyncSummary {
  /** False when NOTION_TOKEN or CLIENT_DB_ID is not set: nothing was done. */
  enabled: boolean;
  rows: number;
  clientsCreated: string[];
  rowsCreated: string[];
  linked: string[];
  toPlatform: string[];
  toNotion: string[];
  conflicts: { clientId: string; winner: 'platform' | 'notion'; fields: string[] }[];
  moneyWritten: number;
  skipped: { pageId: string; reason: string }[];
}

/** Asks a running client sync for one more pass (a Notion webhook arrived during the current one). */
export const clientSyncRequested = defineSignal('clientSyncRequested');

/** Workflow id of the sync started by Notion webhooks: one at a time, later deliveries signal it. */
export const CLIENT_SYNC_WEBHOOK_ID = 'notion-client-sync-webhook';

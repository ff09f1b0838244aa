import { createHmac } from 'node:crypto';

/**
 * The path token of the codec endpoint given to the Temporal Web UI (`/codec/ui/<token>`): the dev
 * server's UI cannot send a header, so the endpoint URL carries a credential derived from the
 * dashboard key (never the key itself); rotating the dashboard key revokes it.
 */
export const codecUiToken = (dashboardKey: string): string =>
  createHmac('sha256', dashboardKey).update('echopilot temporal-ui codec').digest('base64url');

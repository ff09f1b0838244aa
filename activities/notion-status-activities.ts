import type { HealthCheck, HealthStatus } from '../domain/health';
import type { NotionGateway } from '../infra/notion/notion-gateway';
import { upsertStatusRows, type StatusRow, type StatusWrite } from '../infra/notion/status-rows';

/** What the Status database shows besides the five checks; each read may fail without stopping the others. */
export interface StatusFacts {
  schedules(): Promise<{ running: number; paused: number }>;
  lastSnapshot(): Promise<{ snapshotId: string; createdAt: string; verified: boolean; stale: boolean } | null>;
  openAlerts(): Promise<number>;
}

export interface NotionStatusDeps {
  notion?: NotionGateway;
  buildId: string;
  /** Set with STATUS_DB_ID. */
  statusDb?: { databaseId: string; facts: StatusFacts };
}

export type NotionStatusResult = ({ written: true } & StatusWrite) | { written: false; reason: 'not_configured' };

const unavailable = (err: unknown) => `unavailable: ${(err as Error).message}`.slice(0, 300);

/** The rows of one heartbeat: the platform, each of the five checks, schedules, the last snapshot, alerts. */
async function statusRows(
  facts: StatusFacts,
  buildId: string,
  health: { status: HealthStatus; checks: HealthCheck[] },
  now: Date,
): Promise<StatusRow[]> {
  const [schedules, snapshot, alerts] = await Promise.allSettled([
    facts.schedules(),
    facts.lastSnapshot(),
    facts.openAlerts(),
  ]);
  const common = { Build: buildId, Updated: now };
  const row = (component: string, status: string, detail: string, extra: StatusRow['values'] = {}): StatusRow => ({
    component,
    values: { Status: status, Detail: detail.slice(0, 1900), ...common, ...extra },
  });
  const scheduleText =
    schedules.status === 'fulfilled'
      ? `${schedules.value.running} running, ${schedules.value.paused} paused`
      : unavailable(schedules.reason);
  const snap = snapshot.status === 'fulfilled' ? snapshot.value : undefined;
  const snapshotText =
    snapshot.status === 'rejected'
      ? unavailable(snapshot.reason)
      : snap
        ? `${snap.snapshotId} at ${snap.createdAt}${snap.verified ? ', verified' : ', NOT verified'}`
        : 'none yet';
  const openAlerts = alerts.status === 'fulfilled' ? alerts.value : null;
  return [
    row('platform', health.status, `5-point health: ${health.status}`, {
      Schedules: scheduleText,
      'Last snapshot': snapshotText,
      'Open alerts': openAlerts,
    }),
    ...health.checks.map((c) => row(c.name, c.status, c.detail)),
    row(
      'schedules',
      schedules.status === 'fulfilled' ? (schedules.value.paused > 0 ? 'paused' : 'ok') : 'unknown',
      scheduleText,
    ),
    row('replica', snap === undefined ? 'unknown' : !snap || snap.stale ? 'stale' : 'ok', snapshotText),
    row(
      'alerts',
      openAlerts === null ? 'unknown' : openAlerts > 0 ? 'open' : 'ok',
      alerts.status === 'fulfilled' ? `${alerts.value} open` : unavailable(alerts.reason),
      { 'Open alerts': openAlerts },
    ),
  ];
}

export function createNotionStatusActivities(deps: NotionStatusDeps) {
  return {
    /**
     * Writes the heartbeat's status to the Notion Status database (STATUS_DB_ID), one row per component,
     * updated in place. Requests go through the Notion client's shared rate limiter. Without Notion or
     * STATUS_DB_ID it does nothing.
     */
    async writeNotionStatus(health: { status: HealthStatus; checks: HealthCheck[] }): Promise<NotionStatusResult> {
      if (!deps.notion || !deps.statusDb) return { written: false, reason: 'not_configured' };
      const rows = await statusRows(deps.statusDb.facts, deps.buildId, health, new Date());
      return { written: true, ...(await upsertStatusRows(deps.notion, deps.statusDb.databaseId, rows)) };
    },
  };
}

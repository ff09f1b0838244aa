// Plain types, no zod: the healthProbe workflow imports this module (see domain/money.ts on why).
export const HEALTH_CHECK_NAMES = ['temporal', 'database', 'workers', 'llm', 'integrations'] as const;
export type HealthCheckName = (typeof HEALTH_CHECK_NAMES)[number];

export interface HealthCheck {
  name: HealthCheckName;
  status: 'ok' | 'fail' | 'not_configured';
  latencyMs: number;
  detail: string;
}
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** The checks the platform cannot run without; the rest only degrade it. */
const CRITICAL: readonly HealthCheckName[] = ['temporal', 'database'];

/** Folds the five checks of the original EchoPilot runbook's "5-point health" into one status. */
export function overallStatus(checks: readonly HealthCheck[]): HealthStatus {
  if (checks.some((c) => c.status === 'fail' && CRITICAL.includes(c.name))) return 'down';
  if (checks.some((c) => c.status === 'fail')) return 'degraded';
  return 'ok';
}

export interface HealthReport {
  status: HealthStatus;
  checks: HealthCheck[];
  checkedAt: string;
}

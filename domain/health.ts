import { z } from 'zod';

export const HEALTH_CHECK_NAMES = ['temporal', 'database', 'workers', 'llm', 'integrations'] as const;
export type HealthCheckName = (typeof HEALTH_CHECK_NAMES)[number];

export const healthCheckSchema = z.object({
  name: z.enum(HEALTH_CHECK_NAMES),
  status: z.enum(['ok', 'fail', 'not_configured']),
  latencyMs: z.number().nonnegative(),
  detail: z.string(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** The checks the platform cannot run without; the rest only degrade it. */
const CRITICAL: readonly HealthCheckName[] = ['temporal', 'database'];

/** Folds the five checks of the seeds' "5-point health" into one status. */
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

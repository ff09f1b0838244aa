import { describe, expect, it } from 'vitest';
import { overallStatus, type HealthCheck } from '../../domain/health';

const check = (name: HealthCheck['name'], status: HealthCheck['status']): HealthCheck => ({
  name,
  status,
  latencyMs: 1,
  detail: '',
});

describe('overallStatus', () => {
  it('is ok when nothing fails, not_configured included', () => {
    expect(overallStatus([check('temporal', 'ok'), check('database', 'ok'), check('llm', 'not_configured')])).toBe(
      'ok',
    );
  });
  it('is degraded when a non-critical check fails', () => {
    expect(overallStatus([check('temporal', 'ok'), check('database', 'ok'), check('workers', 'fail')])).toBe(
      'degraded',
    );
  });
  it('is down when Temporal or the database fails', () => {
    expect(overallStatus([check('temporal', 'ok'), check('database', 'fail')])).toBe('down');
    expect(overallStatus([check('temporal', 'fail'), check('database', 'ok')])).toBe('down');
  });
});

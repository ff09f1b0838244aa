import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppMetrics, exposedMetricNames } from '../../infra/metrics/app-metrics';
import { PROJECT_ROOT } from '../../infra/paths';

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs/grafana-dashboard.json'), 'utf8')) as {
  title: string;
  panels: Panel[];
};
const flat = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...flat(p.panels ?? [])]);

describe('docs/grafana-dashboard.json', () => {
  it('every query references only metric names the application exposes', async () => {
    const known = new Set(await exposedMetricNames(createAppMetrics()));
    const exprs = flat(dashboard.panels).flatMap((p) =>
      (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
    );
    expect(exprs.length).toBeGreaterThan(0);
    const unknown = exprs.flatMap(({ panel, expr }) => {
      const names = expr.match(/\bechopilot_[a-z0-9_]+/g) ?? [];
      if (names.length === 0) return [`${panel}: no echopilot_* metric in "${expr}"`];
      return names.filter((n) => !known.has(n)).map((n) => `${panel}: ${n}`);
    });
    expect(unknown).toEqual([]);
  });

  it('charts every application metric somewhere', async () => {
    const text = JSON.stringify(dashboard);
    const families = (await createAppMetrics().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(families.filter((n) => !text.includes(n))).toEqual([]);
  });

  it('follows the Prometheus naming conventions: echopilot_ prefix, _total counters, base units', async () => {
    for (const m of await createAppMetrics().registry.getMetricsAsJSON()) {
      expect(m.name).toMatch(/^echopilot_[a-z0-9_]+$/);
      if (String(m.type) === 'counter') expect(m.name).toMatch(/_total$/);
      expect(m.name).not.toMatch(/_(ms|milliseconds|minutes)(_|$)/);
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The page's own scripts and styles (api/dashboard/assets/) and the chart library, vendored from
 * node_modules at serve time: nothing comes from a CDN. Read once, on first use.
 */
const OWN = [
  'dashboard.css',
  'dashboard-parts.css',
  'dash-core.js',
  'dash-tasks.js',
  'dash-intel.js',
  'dash-panels.js',
  'dash-money.js',
  'dash-schedules.js',
  'dash-task-page.js',
  'dash-main.js',
] as const;
/** In the order the page loads them: core first, the start-up script last. */
export const DASHBOARD_SCRIPTS = ['uplot.js', ...OWN.filter((f) => f.endsWith('.js'))];
export const DASHBOARD_STYLES = ['uplot.css', 'dashboard.css', 'dashboard-parts.css'];
/** Every file GET /dashboard/assets/:file serves. */
export const ASSET_NAMES = [...OWN, 'uplot.js', 'uplot.css'] as const;

/** Source tree (tsx) or the compiled dist/ (which does not copy non-TypeScript files: the image copies the folder). */
function ownDir(): string {
  const candidates = [path.join(__dirname, 'assets'), path.resolve(__dirname, '../../../api/dashboard/assets')];
  return candidates.find((d) => existsSync(path.join(d, 'dash-core.js'))) ?? candidates[0]!;
}

const files = (): Record<string, string> => {
  const dir = ownDir();
  const own = Object.fromEntries(OWN.map((f) => [f, path.join(dir, f)]));
  return {
    ...own,
    'uplot.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
    'uplot.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
};

export interface Asset {
  body: string;
  type: string;
}

export function dashboardAssets() {
  let cache: Map<string, Asset> | undefined;
  const load = () => {
    cache = new Map(
      Object.entries(files()).map(([name, file]) => [
        name,
        {
          body: readFileSync(file, 'utf8'),
          type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        },
      ]),
    );
    return cache;
  };
  return { get: (name: string): Asset | undefined => (cache ?? load()).get(name) };
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, firefox, type BrowserContext } from 'playwright-core';

/**
 * Debian's chromium, found or installed by scripts/ensure-chromium.sh (scripts/test.sh exports
 * CHROMIUM_PATH; a bare `npx vitest run` asks the script itself).
 */
export const chromiumPath = () => browserPath('CHROMIUM_PATH', 'ensure-chromium.sh');

/** Debian's firefox-esr, found or installed by scripts/ensure-firefox.sh (FIREFOX_PATH the same way). */
export const firefoxPath = () => browserPath('FIREFOX_PATH', 'ensure-firefox.sh');

function browserPath(envName: string, scriptName: string): string {
  const given = process.env[envName];
  if (given) return given;
  const script = path.resolve(__dirname, '../../scripts', scriptName);
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Flags this closed-network machine needs: no sandbox (root), no GPU, no calls home of any kind. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export type BrowserName = 'chromium' | 'firefox';

/**
 * Headless chromium, or Debian's stock Firefox over WebDriver BiDi (playwright-core's `moz-firefox`
 * channel: no patched Firefox build, which only Playwright's own download host serves), each on a
 * fresh profile deleted on close.
 */
export async function launchBrowser(name: BrowserName, viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), `echopilot-${name}-`));
  const context =
    name === 'chromium'
      ? await chromium.launchPersistentContext(profile, {
          executablePath: chromiumPath(),
          headless: true,
          args: CHROMIUM_ARGS,
          viewport,
        })
      : await firefox.launchPersistentContext(profile, {
          channel: 'moz-firefox',
          executablePath: firefoxPath(),
          headless: true,
          viewport,
        });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

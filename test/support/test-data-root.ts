import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testDataRoot: string;
  }
}

/**
 * One folder for the run's data folders (test/support/test-config.ts), removed when the run ends: test
 * processes are stopped without their exit handlers, so they cannot clean up after themselves.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(path.join(tmpdir(), 'echopilot-test-run-'));
  project.provide('testDataRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}

// Bundles workflow code ahead of time for production workers (`npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  TRACED_WORKFLOW_BUNDLE_PATH,
  TRACING_WORKFLOW_MODULES,
  WORKFLOW_BUNDLE_OPTIONS,
  WORKFLOW_BUNDLE_PATH,
  WORKFLOWS_PATH,
} from '../worker/create-worker';

async function main() {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...WORKFLOW_BUNDLE_OPTIONS });
  mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  console.log(`workflow bundle: ${WORKFLOW_BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB)`);
  // A second bundle with the OpenTelemetry workflow interceptors: tracing off keeps the plain one (no cost).
  const traced = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...WORKFLOW_BUNDLE_OPTIONS,
    workflowInterceptorModules: TRACING_WORKFLOW_MODULES,
  });
  writeFileSync(TRACED_WORKFLOW_BUNDLE_PATH, traced.code);
  console.log(`traced workflow bundle: ${TRACED_WORKFLOW_BUNDLE_PATH} (${(traced.code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

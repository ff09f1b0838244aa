// Bundles the platform's workflows and the baseline workflow into files, in a child process, so the
// benchmark's RSS measures the running worker, not webpack (as production uses the prebuilt bundle).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOWS_PATH } from '../worker/create-worker';

async function main() {
  const out = process.argv[2]!;
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };
  writeFileSync(
    path.join(out, 'pipeline.js'),
    (
      await bundleWorkflowCode({
        workflowsPath: WORKFLOWS_PATH,
        logger: quiet,
        ...(process.argv[3] === 'no-preload' ? {} : WORKFLOW_BUNDLE_OPTIONS),
      })
    ).code,
  );
  writeFileSync(
    path.join(out, 'baseline.js'),
    (await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline-workflow'), logger: quiet })).code,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

#!/usr/bin/env bash
# `npm run fuzz`: the API fuzz suite at 100k requests (npm test runs 2000); prints the request count.
# FUZZ_RUNS and FUZZ_START override the count and the random generator's starting value.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$(bash scripts/ensure-temporal.sh)}"
export TEMPORAL_CLI_PATH
STRIPE_MOCK_PATH="${STRIPE_MOCK_PATH:-$(bash scripts/ensure-stripe-mock.sh)}"
export STRIPE_MOCK_PATH
export FUZZ_RUNS="${FUZZ_RUNS:-100000}"
npx vitest run test/fuzz/api-fuzz.test.ts

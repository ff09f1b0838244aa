#!/usr/bin/env bash
# `npm test`: install what is missing, then lint, typecheck and run every test on a real Temporal dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH
STRIPE_MOCK_PATH="$(bash scripts/ensure-stripe-mock.sh)"
export STRIPE_MOCK_PATH
FFMPEG_PATH="$(bash scripts/ensure-ffmpeg.sh)"
export FFMPEG_PATH
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH
MOTO_SERVER_PATH="$(bash scripts/ensure-moto.sh)"
export MOTO_SERVER_PATH
FIREFOX_PATH="$(bash scripts/ensure-firefox.sh)"
export FIREFOX_PATH
echo "› format"; npx prettier --check --log-level=warn .
echo "› lint"; npx eslint --max-warnings=0 .
echo "› typecheck"; npx tsc --noEmit -p tsconfig.json
echo "› tests"; npx vitest run "$@"

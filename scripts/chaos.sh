#!/usr/bin/env bash
# `npm run chaos`: install what is missing (as `npm start` does), then run the reliability suite
# (README "Reliability"). Each scenario starts the platform with scripts/start.sh itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH
# The webhook-flood scenarios run stripe-mock behind the events front, as the Stripe tests do.
STRIPE_MOCK_PATH="$(bash scripts/ensure-stripe-mock.sh)"
export STRIPE_MOCK_PATH
exec node --import tsx bench/chaos/run.ts "$@"

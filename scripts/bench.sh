#!/usr/bin/env bash
# `npm run bench`: install what is missing (as `npm start` and `npm test` do), then run the benchmark.
# The PostgreSQL scenario runs when PostgreSQL is installed and is skipped otherwise (README "Benchmarks").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH
# The benchmark's tasks are text; ffmpeg only matters for long media, so run without it if need be.
if FFMPEG_PATH="$(bash scripts/ensure-ffmpeg.sh)"; then export FFMPEG_PATH; else unset FFMPEG_PATH; fi
exec node --import tsx bench/run.ts "$@"

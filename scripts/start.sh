#!/usr/bin/env bash
# `npm start`: install what is missing, then run the all-in-one platform in this process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH
# ffmpeg only splits media over one transcription request's upload limit: start without it if need be.
if FFMPEG_PATH="$(bash scripts/ensure-ffmpeg.sh)"; then export FFMPEG_PATH; else unset FFMPEG_PATH; fi
# Fewer glibc malloc arenas for the worker's native threads: less RSS (README "Benchmarks").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node --import tsx cli/main.ts start "$@"

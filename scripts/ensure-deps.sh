#!/usr/bin/env bash
# Installs npm dependencies exactly as package-lock.json pins them, when the lock changed since the last
# install (idempotent, fast when current). `npm ci` never rewrites the lock, so a fresh clone stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js 20+ is required: https://nodejs.org/" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "Node.js 20+ is required (found $(node --version))." >&2; exit 1; }
stamp=node_modules/.echopilot-lock-hash
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› installing npm dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi

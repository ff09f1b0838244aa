#!/usr/bin/env bash
# Installs npm dependencies when package-lock.json changed since the last install (idempotent, fast when current).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js 20+ is required: https://nodejs.org/" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "Node.js 20+ is required (found $(node --version))." >&2; exit 1; }
stamp=node_modules/.echopilot-lock-hash
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› installing npm dependencies…" >&2
  # `npm install`, not `npm ci`: the lock omits optional platform binaries some registries lack
  # (e.g. @swc/core for other OSes), which `npm ci` rejects; install still follows the lock.
  npm install --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi

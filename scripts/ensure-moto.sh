#!/usr/bin/env bash
# Makes moto's S3-compatible server (the tests' stand-in for an S3 bucket: a real server from PyPI, not a
# hand-written fake) available and prints the path of `moto_server`. Order: MOTO_SERVER_PATH, then
# .tools/moto/bin/moto_server, then installs the pinned moto[server] (scripts/tool-versions.sh) into a
# virtual environment at .tools/moto. Exits 1 with how to install it when that is not possible.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/moto"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${MOTO_SERVER_PATH:-}" ] && [ -x "$MOTO_SERVER_PATH" ] && found "$MOTO_SERVER_PATH"
# The version marker makes a bump of MOTO_VERSION reinstall instead of reusing the old environment.
[ -x "$venv/bin/moto_server" ] && [ "$(cat "$venv/.version" 2>/dev/null)" = "$MOTO_VERSION" ] && found "$venv/bin/moto_server"

if command -v python3 >/dev/null 2>&1 && python3 -m venv --help >/dev/null 2>&1; then
  echo "› installing moto[server]==$MOTO_VERSION from PyPI into .tools/moto…" >&2
  mkdir -p "$root/.tools"
  if python3 -m venv "$venv" >&2 &&
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2 &&
    [ -x "$venv/bin/moto_server" ]; then
    echo "$MOTO_VERSION" >"$venv/.version"
    found "$venv/bin/moto_server"
  fi
fi
cat >&2 <<MSG
moto's server is not installed and could not be installed automatically (needs python3 with venv and pip).
The S3 replica tests run against it. Install it with:
  python3 -m venv .tools/moto && .tools/moto/bin/pip install 'moto[server]==$MOTO_VERSION'
or point MOTO_SERVER_PATH at an existing moto_server.
MSG
exit 1

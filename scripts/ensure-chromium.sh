#!/usr/bin/env bash
# Makes Debian's chromium available for the dashboard browser tests and prints its path. Order:
# CHROMIUM_PATH, /usr/bin/chromium, then `apt-get install -y chromium` (needs root and apt). Quiet
# unless it installs; exits 1 with how to install it when that is not possible. Idempotent: a second
# run only checks that the binary exists.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && found "$CHROMIUM_PATH"
[ -x /usr/bin/chromium ] && found /usr/bin/chromium

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "› installing chromium from Debian's packages (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  # Pinned when CHROMIUM_DEB_VERSION names a version the archive still has; else the suite's current one.
  pkg="chromium"
  if [ -n "${CHROMIUM_DEB_VERSION:-}" ] && apt-cache madison chromium 2>/dev/null | grep -q " $CHROMIUM_DEB_VERSION "; then
    pkg="chromium=$CHROMIUM_DEB_VERSION"
  fi
  if apt-get install -y -qq --no-install-recommends "$pkg" >&2; then
    [ -x /usr/bin/chromium ] && found /usr/bin/chromium
  fi
fi
cat >&2 <<'MSG'
chromium is not installed and could not be installed automatically (needs root and apt-get).
The dashboard browser tests need it. Install it with:
  apt-get install chromium   (Debian/Ubuntu)
or point CHROMIUM_PATH at an existing Chromium or Chrome binary.
MSG
exit 1

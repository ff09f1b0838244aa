#!/usr/bin/env bash
# Makes Debian's firefox-esr available for the dashboard's Firefox test and prints its path. Order:
# FIREFOX_PATH, /usr/bin/firefox-esr, then `apt-get install -y firefox-esr` (needs root and apt). Quiet
# unless it installs; exits 1 with how to install it when that is not possible. Idempotent: a second
# run only checks that the binary exists. playwright-core drives it over WebDriver BiDi (its
# `moz-firefox` channel), so no patched Firefox build is needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${FIREFOX_PATH:-}" ] && [ -x "$FIREFOX_PATH" ] && found "$FIREFOX_PATH"
[ -x /usr/bin/firefox-esr ] && found /usr/bin/firefox-esr

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "› installing firefox-esr from Debian's packages (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  # Pinned when FIREFOX_DEB_VERSION names a version the archive still has; else the suite's current one.
  pkg="firefox-esr"
  if [ -n "${FIREFOX_DEB_VERSION:-}" ] && apt-cache madison firefox-esr 2>/dev/null | grep -q " $FIREFOX_DEB_VERSION "; then
    pkg="firefox-esr=$FIREFOX_DEB_VERSION"
  fi
  if apt-get install -y -qq --no-install-recommends "$pkg" >&2; then
    [ -x /usr/bin/firefox-esr ] && found /usr/bin/firefox-esr
  fi
fi
cat >&2 <<'MSG'
firefox-esr is not installed and could not be installed automatically (needs root and apt-get).
The dashboard's Firefox test needs it (Firefox 129 or newer: it speaks WebDriver BiDi). Install it with:
  apt-get install firefox-esr   (Debian/Ubuntu)
or point FIREFOX_PATH at an existing Firefox binary.
MSG
exit 1

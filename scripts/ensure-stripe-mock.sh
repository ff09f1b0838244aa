#!/usr/bin/env bash
# Makes stripe-mock (Stripe's official API mock, used by the payment tests) available and prints its path.
# Order: STRIPE_MOCK_PATH, `stripe-mock` on PATH, the project-local .tools/bin, then `go install` of the pinned version
# (scripts/tool-versions.sh) into .tools/bin.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${STRIPE_MOCK_PATH:-}" ] && [ -x "$STRIPE_MOCK_PATH" ] && found "$STRIPE_MOCK_PATH"
command -v stripe-mock >/dev/null 2>&1 && found "$(command -v stripe-mock)"
[ -x "$bin/stripe-mock" ] && found "$bin/stripe-mock"

if command -v go >/dev/null 2>&1; then
  echo "› building stripe-mock $STRIPE_MOCK_VERSION with go install into .tools/bin…" >&2
  mkdir -p "$bin"
  if GOBIN="$bin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >&2 && [ -x "$bin/stripe-mock" ]; then
    found "$bin/stripe-mock"
  fi
fi
cat >&2 <<MSG
stripe-mock is not installed and could not be built (needs Go 1.21+). Install it with one of:
  go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION
  brew install stripe/stripe-mock/stripe-mock
or point STRIPE_MOCK_PATH at an existing binary.
MSG
exit 1

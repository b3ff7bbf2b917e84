#!/bin/sh
# Install Debian's Chromium for the end-to-end tests (tests/e2e) if it is missing, with a colour
# emoji font so that emoji in content render in the screenshots instead of empty boxes.
# Playwright drives this browser; `playwright install` (a download) is never used.
set -eu
CHROMIUM="${PMO_CHROMIUM:-/usr/bin/chromium}"
missing=""
[ -x "$CHROMIUM" ] || missing="$missing chromium"
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing="$missing fonts-noto-color-emoji"
if [ -z "$missing" ]; then
  echo "chromium present: $CHROMIUM"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
"$CHROMIUM" --version

#!/bin/sh
# Install Debian's Chromium for the end-to-end tests (tests/e2e) if it is missing.
# Playwright drives this browser; `playwright install` (a download) is never used.
set -eu
CHROMIUM="${PMO_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $CHROMIUM"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version

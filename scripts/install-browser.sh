#!/bin/sh
# Install Debian's Chromium for the end-to-end tests (tests/e2e) if it is missing, with a colour
# emoji font so that emoji in content render in the screenshots instead of empty boxes.
# Playwright drives this browser; `playwright install` (a download) is never used.
# Exits 1 with a one-line reason when it cannot install (no apt-get, no sudo, apt failing).
set -eu
CHROMIUM="${PMO_CHROMIUM:-/usr/bin/chromium}"
missing=""
[ -x "$CHROMIUM" ] || missing="$missing chromium"
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing="$missing fonts-noto-color-emoji"
if [ -z "$missing" ]; then
  echo "chromium present: $CHROMIUM"
  exit 0
fi
# Cannot install: say how, and fail only if the browser itself is missing (the font only
# changes how emoji look in screenshots).
cannot_install() {
  if [ -x "$CHROMIUM" ]; then
    echo "chromium present: $CHROMIUM (not installed:$missing; $1)"
    exit 0
  fi
  echo "install-browser: Chromium is missing and $1: run 'sudo apt-get install chromium fonts-noto-color-emoji', or set PMO_CHROMIUM=/path/to/chromium" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || cannot_install "there is no apt-get here"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || cannot_install "this user is not root and has no sudo"
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
"$CHROMIUM" --version

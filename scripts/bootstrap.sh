#!/usr/bin/env bash
# Create .venv (if needed) and install mkdocs-pmo into it with the given extras.
# Usage: source scripts/bootstrap.sh [extras]   e.g. "dev" or "" (site only)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PMO_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
EXTRAS="${1:-}"
SPEC="$ROOT"
if [ -n "$EXTRAS" ]; then SPEC="$ROOT[$EXTRAS]"; fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$SPEC"
export PATH="$VENV/bin:$PATH"
# Material for MkDocs prints an end-of-life notice on every mkdocs run; this is its documented
# switch. (mkdocs-macros' start-up lines are filed at DEBUG by the pmo plugin.)
export NO_MKDOCS_2_WARNING=1

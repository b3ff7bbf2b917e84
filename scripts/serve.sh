#!/usr/bin/env bash
# Install what the site needs and serve it with live reload on http://127.0.0.1:8000/
# (`scripts/serve.sh build` builds into site/ instead, with --strict).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/bootstrap.sh ""
if [ "${1:-serve}" = "build" ]; then
  exec mkdocs build --strict
fi
exec mkdocs serve --strict -a "${PMO_ADDRESS:-127.0.0.1:8000}"

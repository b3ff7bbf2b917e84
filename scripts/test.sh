#!/usr/bin/env bash
# Install everything (Python packages, Debian's Chromium for the browser tests), then run the
# linters, the content gate and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Without Chromium only the browser tests fail (each with one line saying how to install it);
# `-m "not browser"` runs everything else on any machine.
if ! bash scripts/install-browser.sh; then
  echo "test.sh: Chromium is not installed; the browser tests will fail (deselect them with -m \"not browser\")" >&2
fi
source scripts/bootstrap.sh "dev"

echo "== ruff"; ruff check . && ruff format --check .
echo "== mypy"; mypy
echo "== pmo check (the repository's own content)"; pmo check --strict
echo "== pytest"
set +e
python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"

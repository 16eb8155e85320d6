#!/usr/bin/env bash
# Install everything the tests need, then run the linters and the whole test suite.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Pagefind, which builds the search index, comes from the npm registry (package-lock.json pins it).
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
    else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm >/dev/null; fi
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
if ! command -v chromium >/dev/null 2>&1; then
    # Browser tests drive Debian's Chromium; it is installed from Debian, never downloaded by Playwright.
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi

python3 -m ruff check debunk debunk_mkdocs hooks scripts tests
python3 -m mypy --strict debunk debunk_mkdocs
python3 -m pytest "$@"

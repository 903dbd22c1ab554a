#!/usr/bin/env bash
# Install the test needs into a virtual environment and run the whole test suite:
# formatting, lint, types, import layers, then pytest (unit, property and end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# caldav pulls in urllib3-future, whose wheel replaces urllib3 for every program of the
# environment; built from source with URLLIB3_NO_OVERRIDE=1 it leaves urllib3 alone
# (../shared/docs/SETUP-NOTES.md)
URLLIB3_NO_OVERRIDE=1 "$VENV/bin/python" -m pip install --quiet --no-binary urllib3-future -e '.[test]'
# the web app's end-to-end tests drive Debian's Chromium (Playwright never downloads a
# browser here): installed when missing and the script runs as root (a fresh CI machine)
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "== ruff format --check"; "$VENV/bin/ruff" format --check src tests bench
echo "== ruff check"; "$VENV/bin/ruff" check src tests bench
echo "== mypy"; "$VENV/bin/mypy"
echo "== import layers"; "$VENV/bin/lint-imports"
# the tests run on every core (CI has two); the tests of one file stay on one worker, so
# that a file's shared demo folder is built once
echo "== pytest"; "$VENV/bin/python" -m pytest -n auto --dist loadfile "$@"

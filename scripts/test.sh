#!/usr/bin/env bash
# Run every test: unit, service, end-to-end against Label Studio, and the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
export QAWL_LABEL_STUDIO="${QAWL_LABEL_STUDIO:-$PWD/.venv-ls/bin/label-studio}"
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

#!/usr/bin/env bash
# Install qawl into .venv; unless --backend-only, also Label Studio 1.23.2 into .venv-ls and
# Debian's Chromium for the end-to-end and browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
backend_only=0
[ "${1:-}" = "--backend-only" ] && backend_only=1

if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
.venv/bin/pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
# torch's CPU build first: camel-tools asks for torch, and anything else pulls a CUDA build of several GB.
.venv/bin/pip install -q "torch==2.13.0" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/pip install -q -e '.[test,report]' 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import qawl.app" # fails loudly if the install is incomplete

if [ "$backend_only" = 1 ]; then
  echo "qawl installed in .venv"
  exit 0
fi

# Label Studio pins its own SDK and Django stack: it gets a virtual environment of its own.
if [ ! -x .venv-ls/bin/label-studio ]; then "$PYTHON" -m venv .venv-ls; fi
.venv-ls/bin/pip install -q "label-studio==1.23.2" 2>&1 | grep -v "^WARNING: Location" || true
.venv-ls/bin/python -c "import label_studio"  # fails loudly if the install is incomplete

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q chromium fonts-noto-core fonts-noto-color-emoji >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium (sudo apt-get install chromium) for the browser test" >&2
  fi
fi
echo "qawl installed in .venv, Label Studio in .venv-ls, chromium: $(command -v chromium || echo missing)"

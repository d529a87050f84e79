#!/usr/bin/env bash
# Create .venv with qawl and its test tools, and .venv-ls with Label Studio 1.23.2 (for the e2e tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
.venv/bin/pip install -q --upgrade pip
# torch's CPU build first: camel-tools asks for torch, and anything else pulls a CUDA build of several GB.
.venv/bin/pip install -q "torch==2.13.0"
.venv/bin/pip install -q -e '.[test]'

# Label Studio pins its own SDK and Django stack: it gets a virtual environment of its own.
if [ "${QAWL_SKIP_LABEL_STUDIO:-0}" != "1" ]; then
  if [ ! -x .venv-ls/bin/label-studio ]; then "$PYTHON" -m venv .venv-ls; fi
  .venv-ls/bin/pip install -q "label-studio==1.23.2"
fi
echo "qawl installed in .venv$( [ "${QAWL_SKIP_LABEL_STUDIO:-0}" != "1" ] && echo ', Label Studio in .venv-ls')"

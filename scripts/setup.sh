#!/usr/bin/env bash
# Install qawl into .venv; unless --backend-only, also Label Studio 1.23.2 into .venv-ls and
# Debian's Chromium for the end-to-end and browser tests. Safe to run again.
#   --bert   also the optional CAMeL BERT entity tagger: torch's CPU build, then qawl[bert]
#            (TORCH_INDEX_URL overrides the CPU wheel index, default https://download.pytorch.org/whl/cpu)
#   --train  also what training the neural entity tagger needs (qawl train): torch's CPU build, qawl[train];
#            CI uses it, to rebuild the shipped model in a test. Serving never needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
backend_only=0
bert=0
train=0
for arg in "$@"; do
  case "$arg" in
    --backend-only) backend_only=1 ;;
    --bert) bert=1 ;;
    --train) train=1 ;;
    *) echo "usage: bash scripts/setup.sh [--backend-only] [--bert] [--train]" >&2; exit 2 ;;
  esac
done

# pip, with two kinds of noise left out: this machine's unreachable index folders, and the requirements that
# camel-tools and label-studio-sdk declare but qawl leaves out on purpose (pyproject.toml, [tool.qawl]).
pip_quiet() {
  "$@" 2>&1 | grep -vE "^WARNING: Location|^(camel-tools|label-studio-sdk) [^ ]+ requires |^ERROR: pip's dependency resolver does not currently take into account" || true
}

if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
pip_quiet .venv/bin/pip install -q --upgrade pip
# camel-tools and label-studio-sdk without their declared dependencies (torch, transformers, opencv, …):
# pyproject.toml lists what the parts of them that qawl imports need, and installs those with qawl.
mapfile -t no_deps < <(.venv/bin/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['tool']['qawl']['install-without-dependencies']))")
pip_quiet .venv/bin/pip install -q --no-deps "${no_deps[@]}"
extras=test,report
if [ "$bert" = 1 ] || [ "$train" = 1 ]; then
  # torch's CPU build first, by its exact local version: PyPI's torch for Linux is the CUDA build (several GB).
  # The configured index first (a mirror may hold it); PyTorch's CPU wheel index only when that has not.
  if ! .venv/bin/pip install -q "torch==2.13.0+cpu" >/dev/null 2>&1; then
    pip_quiet .venv/bin/pip install -q "torch==2.13.0+cpu" --extra-index-url "${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
  fi
fi
if [ "$bert" = 1 ]; then extras=$extras,bert; fi
if [ "$train" = 1 ]; then extras=$extras,train; fi
pip_quiet .venv/bin/pip install -q -e ".[$extras]"
# fails loudly if the install is incomplete: the service, the SDK client, and (with --bert) the BERT tagger's libraries
.venv/bin/python -c "import qawl.app; from label_studio_sdk import LabelStudio"
if [ "$bert" = 1 ]; then .venv/bin/python -c "import torch, transformers; print('torch', torch.__version__)"; fi

if [ "$backend_only" = 1 ]; then
  echo "qawl installed in .venv"
  exit 0
fi

# Label Studio pins its own SDK and Django stack: it gets a virtual environment of its own.
if [ ! -x .venv-ls/bin/label-studio ]; then "$PYTHON" -m venv .venv-ls; fi
.venv-ls/bin/pip install -q "label-studio==1.23.2" 2>&1 | grep -v "^WARNING: Location" || true
.venv-ls/bin/python -c "import label_studio"  # fails loudly if the install is incomplete

# Debian's Chromium for the browser tests, and its docker-compose (Compose 1.29.2, which validates the compose
# file without a Docker engine) for the test of docker-compose.yml.
if ! command -v chromium >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q chromium fonts-noto-core fonts-noto-color-emoji docker-compose >/dev/null
  else
    echo "Chromium or docker-compose is missing: sudo apt-get install chromium docker-compose" \
         "(the browser tests and the compose file's test skip without them)" >&2
  fi
fi
echo "qawl installed in .venv, Label Studio in .venv-ls, chromium: $(command -v chromium || echo missing)," \
     "docker-compose: $(command -v docker-compose || echo missing)"

# qawl, the Label Studio ML backend, as an image. How to run it beside Label Studio: docs/docker.md.
#   docker build -t qawl .
#   docker run -p 9090:9090 -v qawl-data:/data qawl
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    MODEL_DIR=/data/models \
    PORT=9090 \
    WORKERS=1 \
    THREADS=8

WORKDIR /app

# Dependencies first, in a layer of their own (rebuilt only when pyproject.toml changes), read from
# pyproject.toml so the lists are kept in one place, the same ones scripts/setup.sh reads.
# camel-tools and label-studio-sdk go in with --no-deps ([tool.qawl] in pyproject.toml): camel-tools asks
# for torch and transformers (gigabytes; a CUDA build unless pinned to the CPU index) and camel-kenlm
# (compiled from source), label-studio-sdk for opencv, Pillow, nltk and other libraries of its converters
# and command-line tools. qawl uses camel-tools' word tokeniser and the SDK's label config parser and API
# client; pyproject.toml's dependencies are what those need. torch and transformers serve the optional
# CAMeL BERT tagger alone (QAWL_NER=camel, the extra qawl[bert]), which this image does not offer; the
# default entity tagger is the CRF (python-crfsuite).
# Every dependency has a manylinux wheel: no compiler in the image.
COPY pyproject.toml ./
RUN python -c "import tomllib; t = tomllib.load(open('pyproject.toml', 'rb')); \
open('/tmp/no-deps.txt', 'w').write('\n'.join(t['tool']['qawl']['install-without-dependencies'])); \
open('/tmp/requirements.txt', 'w').write('\n'.join(t['project']['dependencies']))" \
 && pip install --no-deps -r /tmp/no-deps.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/no-deps.txt /tmp/requirements.txt

# qawl itself (with the shipped model and label config in its package data), then one annotation: it fails
# the build if anything is missing, and leaves numba's compiled Viterbi cached in the image.
COPY README.md LICENSE ./
COPY backend ./backend
RUN pip install --no-deps . \
 && rm -rf /app/backend /app/build \
 && cd / && python -c "from qawl.pipeline import Annotator; from qawl.shipped import SHIPPED_MODEL_DIR; \
Annotator.load(SHIPPED_MODEL_DIR).annotate('قال الوزير إن «الوضع مستقر» في بيروت.')"

# A user without privileges; MODEL_DIR (trained models, gold annotations, metrics) on a volume it owns.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin qawl \
 && mkdir -p /data/models \
 && chown -R qawl:qawl /data
USER qawl
VOLUME ["/data"]
EXPOSE 9090

# /health needs basic auth when BASIC_AUTH_USER and BASIC_AUTH_PASS are both set (as qawl requires them):
# the check sends them then. No curl in the slim image: Python's urllib does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import base64, os, urllib.request as u; r = u.Request('http://127.0.0.1:%s/health' % os.environ.get('PORT', '9090')); user, password = os.environ.get('BASIC_AUTH_USER'), os.environ.get('BASIC_AUTH_PASS'); user and password and r.add_header('Authorization', 'Basic ' + base64.b64encode(f'{user}:{password}'.encode()).decode()); u.urlopen(r, timeout=4)"]

# gunicorn (qawl serve replaces itself with it, so it gets the stop signal), on every interface of the
# container: the default 127.0.0.1 would be unreachable from Label Studio's container. PORT, WORKERS and
# THREADS come from the environment.
CMD ["qawl", "serve", "--host", "0.0.0.0"]

#!/usr/bin/env bash
# Predictions of the shipped model on quotes_dev, entities_dev and the first 300 news_raw articles,
# written to OUT/ so that two commits can be compared byte for byte:
#   bash benchmarks/prediction_snapshot.sh /tmp/before   (at the old commit)
#   bash benchmarks/prediction_snapshot.sh /tmp/after    (at the new one)
#   for f in /tmp/before/*.json; do cmp "$f" "/tmp/after/$(basename "$f")"; done
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: prediction_snapshot.sh OUT_DIR}
data=$(.venv/bin/python -c "from qawl.settings import data_dir; print(data_dir())")  # QAWL_DATA, else the default
mkdir -p "$out"
.venv/bin/python - "$data/news_raw/ant_news.jsonl.gz" "$out/news_raw_300.jsonl" <<'PY'
import gzip, itertools, json, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    for line in itertools.islice(source, 300):
        record = json.loads(line)
        target.write(json.dumps({"id": record.get("id"), "text": record["text"]}, ensure_ascii=False) + "\n")
PY
.venv/bin/qawl predict "$data/quotes_dev/articles.jsonl" -o "$out/quotes_dev.json"
.venv/bin/qawl predict "$data/entities_dev/articles.jsonl" -o "$out/entities_dev.json"
.venv/bin/qawl predict "$out/news_raw_300.jsonl" -o "$out/news_raw_300.json"
sha256sum "$out"/*.json

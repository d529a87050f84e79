"""Speed of the entities stage on unlabelled news (one core).

Run: ``.venv/bin/python benchmarks/ner_speed.py [--articles N]``.
Loads the shipped entities stage, then tags the first N articles of
``news_raw`` (default 400): feature extraction, CRF decoding, marginals,
document consistency and character alignment are all timed; the word
feature cache starts cold. Tokenisation and sentence splitting (Document
work shared with other stages) are done before the clock starts and timed
separately.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time

from backend.document import Document
from backend.evaluation.quotes import shared_data_dir
from backend.pipeline import SHIPPED_MODEL_DIR, STAGES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    path = shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"
    if not path.exists():
        print(f"no news_raw data at {path}")
        return 1
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= args.articles:
                break
    import backend.stages  # noqa: F401  (registers the stages)

    started = time.perf_counter()
    stage = STAGES["entities"](SHIPPED_MODEL_DIR, {})
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    docs = [Document(t) for t in texts]
    tokens = sum(len(d.tokens) for d in docs)
    for d in docs:
        d.sentences
    prep_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for d in docs:
        stage(d)
    tag_seconds = time.perf_counter() - started
    entities = sum(len(d.spans) for d in docs)
    print(f"{len(docs)} articles, {tokens} tokens, {entities} entities; stage loaded in {load_seconds:.2f} s")
    print(f"entities stage: {tokens / tag_seconds:,.0f} tokens/s ({tag_seconds:.2f} s, features included)")
    print(f"with tokenisation and sentence splitting: {tokens / (tag_seconds + prep_seconds):,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

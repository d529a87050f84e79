"""Speed of the quotes stage (issue 23: at most 2 ms per 300-word article, linear in text length).

Run: ``.venv/bin/python benchmarks/quotes_speed.py [--articles 300] [--rounds 5]``.
The first N articles of ``news_raw`` are tokenised first (tokens are Document work every stage shares, timed
apart); then the shipped quotes stage runs over them ``--rounds`` times on one core and the best round is
kept. Printed: milliseconds per 300 words over the whole set, and per article the median and 95th percentile
of the time scaled to 300 words. Linearity: the same articles glued into texts of 1, 4, 16 and 64 articles,
with the time per 1,000 words of each size (flat when the stage is linear).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import time

from qawl.document import Document
from qawl.settings import data_dir
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.registry import FACTORIES as STAGES


def prepared(texts: list[str]) -> list[Document]:
    docs = [Document(text) for text in texts]
    for doc in docs:
        doc.tokens  # noqa: B018  (tokenise before the clock starts)
    return docs


def best_times(stage, texts: list[str], rounds: int) -> list[float]:
    """Per text, the best of ``rounds`` timings (fresh Documents each round, tokenised beforehand)."""
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for i, doc in enumerate(prepared(texts)):
            started = time.perf_counter()
            stage(doc)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    path = data_dir() / "news_raw" / "ant_news.jsonl.gz"
    if not path.exists():
        print(f"no news_raw data at {path}")
        return 1
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in itertools.islice(handle, args.articles)]
    stage = STAGES["quotes"](SHIPPED_MODEL_DIR, {})
    stage(Document(texts[0]))  # warm the lexicon lookups

    words = [len(text.split()) for text in texts]
    times = best_times(stage, texts, args.rounds)
    total_ms = sum(times) * 1000
    per_300 = [t * 1000 * 300 / max(1, w) for t, w in zip(times, words)]
    print(f"{len(texts)} articles, {sum(words)} words (mean {statistics.mean(words):.0f} per article)")
    print(f"quotes stage: {total_ms * 300 / sum(words):.2f} ms per 300 words over the set; per article, scaled "
          f"to 300 words: median {statistics.median(per_300):.2f} ms, "
          f"p95 {statistics.quantiles(per_300, n=20)[-1]:.2f} ms")
    print("linearity (articles glued into one text): size, words, ms per 1,000 words")
    for size in (1, 4, 16, 64):
        glued = ["\n".join(texts[i:i + size]) for i in range(0, len(texts) - size + 1, size)]
        glued_times = best_times(stage, glued, max(1, args.rounds // 2))
        glued_words = sum(len(text.split()) for text in glued)
        print(f"  {size:>3} articles per text: {glued_words:>7} words, "
              f"{sum(glued_times) * 1e6 / glued_words:.2f} ms per 1,000 words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

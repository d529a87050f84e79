"""Quote scores and speed of the shipped model on the shared quotes_dev set.

Run: ``.venv/bin/python benchmarks/quotes_dev.py [--errors] [--quotes-only]``.
Prints the guidelines' scores of the shipped model (or of the quotes stage
alone with ``--quotes-only``; the figures are the same, since other stages
add no attribution spans) and the quotes stage's time per 1,000 words.
"""

from __future__ import annotations

import sys
import time

from qawl.document import Document
from qawl.evaluation.quotes import default_dev_paths, format_report, load_gold, score_files
from qawl.pipeline import Annotator


def main() -> int:
    articles, gold = default_dev_paths()
    if not articles.exists():
        print(f"no dev data at {articles}")
        return 1
    if "--quotes-only" in sys.argv:  # when another stage's model file is not built yet
        from qawl.stages.attribution.lexicon import load_lexicon
        from qawl.stages.quotes import QuoteStage

        annotator = Annotator(version="quotes-only", stages=[QuoteStage(load_lexicon())])
    else:
        annotator = Annotator.load()
    scores = score_files(articles, gold, annotator.annotate)
    print(format_report(scores))
    if "--errors" in sys.argv:
        import json

        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))

    stage = next(s for s in annotator.stages if s.name == "quotes")
    texts = [article["text"] for article, _ in load_gold(articles, gold)]
    words = sum(len(t.split()) for t in texts)
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            stage(Document(text))
    elapsed = (time.perf_counter() - started) / rounds
    print(f"quotes stage: {elapsed * 1000 / words * 1000:.1f} ms per 1,000 words ({words} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

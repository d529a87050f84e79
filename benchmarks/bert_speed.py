"""Whole pre-annotation per article against a BERT-base token classifier, on one core, in one run.

Run: ``.venv/bin/python benchmarks/bert_speed.py [--articles 300]`` (the BERT side needs the ``bert``
extra: torch and transformers).

The same first N articles of ``news_raw`` go through (1) the shipped Annotator (tokenising, sentences,
quotes, speakers, CRF + neural entities, entity rules: everything ``/predict`` runs for a task), timed per
article from the raw text, after one warm-up article; and (2) a BERT-base token classifier of CAMeLBERT's
size (12 layers, hidden 768, 30,000 word pieces, 9 labels; random weights: only the time matters) over
the article's words in windows of 512 pieces, with torch on one thread. The two take turns, 25 articles
at a time: this machine's speed drifts by half over minutes, and the turns make both see the same phases.
Word pieces are counted as 1.5 per word, a usual rate for Arabic BERT vocabularies, so no tokenizer files are needed.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, numpy included
    os.environ[_name] = "1"

import argparse  # noqa: E402
import gzip  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from qawl.pipeline import Annotator  # noqa: E402
from qawl.settings import shared_data_dir  # noqa: E402

BLOCK = 25  # articles per turn (see interleaved)


def articles(count: int) -> list[str]:
    path = shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [(r.get("title") or "") + "\n" + r["text"] for r in map(json.loads, itertools.islice(handle, count))]


def qawl_timer(first: str, neural: bool = True):
    """A function timing the shipped Annotator on one article (loaded once, warmed up on ``first``)."""
    annotator = Annotator.load(stage_options=None if neural else {"entities": {"neural": False}})
    annotator.annotate(first)

    def timed(text: str) -> float:
        started = time.perf_counter()
        annotator.annotate(text)
        return time.perf_counter() - started
    return timed


def bert_timer(pieces_per_word: float = 1.5):
    """A function timing a BERT-base token classifier (random weights) on one article's word pieces."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = BertForTokenClassification(BertConfig(vocab_size=30_000, num_labels=9)).eval()
    with torch.inference_mode():
        model(torch.ones((1, 16), dtype=torch.long))

    def timed(text: str) -> float:
        pieces = max(1, int(len(text.split()) * pieces_per_word)) + 2
        with torch.inference_mode():
            started = time.perf_counter()
            for start in range(0, pieces, 512):
                model(torch.randint(5, 30_000, (1, min(512, pieces - start))))
            return time.perf_counter() - started
    return timed


def interleaved(texts: list[str], timers: list, block: int = BLOCK) -> list[list[float]]:
    """Each timer over the same articles, taking turns a block of articles at a time, so a slow or a fast
    phase of a shared machine falls on both alike and their ratio holds."""
    times: list[list[float]] = [[] for _ in timers]
    for start in range(0, len(texts), block):
        for timer, out in zip(timers, times):
            out += [timer(text) for text in texts[start:start + block]]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--skip-bert", action="store_true")
    parser.add_argument("--without-neural", action="store_true",
                        help="qawl with the CRF alone (entities option neural: false), to see what the neural tagger costs")
    args = parser.parse_args()
    try:
        texts = articles(args.articles)
    except FileNotFoundError as error:
        print(f"no news_raw data: {error}", file=sys.stderr)
        return 2
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} news_raw articles, {words / len(texts):.0f} words each on average; one core")
    ours_timer = qawl_timer(texts[0], neural=not args.without_neural)
    if args.skip_bert:
        [ours] = interleaved(texts, [ours_timer])
    else:
        ours, bert = interleaved(texts, [ours_timer, bert_timer()])
    print(f"qawl pre-annotation{' without the neural tagger' if args.without_neural else ''}: {1000 * statistics.mean(ours):.2f} ms per article "
          f"(median {1000 * statistics.median(ours):.2f}, p95 {1000 * sorted(ours)[int(0.95 * len(ours))]:.2f})")
    if args.skip_bert:
        return 0
    print(f"BERT-base token classifier: {1000 * statistics.mean(bert):.1f} ms per article "
          f"(median {1000 * statistics.median(bert):.1f})")
    print(f"qawl is {statistics.mean(bert) / statistics.mean(ours):.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())

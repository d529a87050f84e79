"""Name-likeness statistics of words, mined without labels from unlabelled news.

Why: Arabic has no capital letters, and most names in a new article never
occur in ANERcorp. How a word behaves across millions of words of news says
whether it is name-like: a person's name follows titles (``الرئيس``,
``السيد``) and first names, a place follows ``مدينة`` or ``في``, an
organisation follows ``وزارة``, ``حزب``, ``شركة``; names rarely take the
article while common nouns often do.

For every frequent word stem (proclitics off, article kept), the share of
its occurrences after each trigger list, after a known first name, before a
known first name, and the share of its bare form written with the article,
each cut into a few buckets, are written once to a small TSV
(``namestats.tsv`` in the model directory) that the features read:
``word<TAB>bucket codes``. Rebuild it with::

    python -m qawl.ner.namestats --corpus ../shared/data/news_raw/ant_news.jsonl.gz \\
        -o backend/qawl/resources/model/namestats.tsv
"""

from __future__ import annotations

import argparse
import logging
import os
from collections import Counter
from pathlib import Path

from .clusters import corpus_words
from .resources import load_clusters, load_gazetteer, load_triggers, tsv_rows
from .segment import Segmenter

log = logging.getLogger(__name__)

STATS = ("per", "loc", "org", "misc", "first_before", "first_after", "article")
MIN_COUNT = 5


def bucket(share: float) -> str:
    """A share in five coarse buckets: never, rare, some, often, mostly."""
    if share <= 0:
        return "0"
    if share < 0.02:
        return "1"
    if share < 0.1:
        return "2"
    if share < 0.3:
        return "3"
    return "4"


def compute(corpus: Path, clusters_path: Path, min_count: int = MIN_COUNT) -> dict[str, str]:
    """Stem → one bucket code per statistic in :data:`STATS`, for stems seen ``min_count`` times."""
    clusters = load_clusters(clusters_path)
    gazetteer = load_gazetteer()
    triggers = load_triggers()
    first_names = {k for k, v in gazetteer.names.items() if " " not in k and "PER" in v.split("|")}
    segmenter = Segmenter(clusters.counts, gazetteer.single_words)
    totals: Counter = Counter()
    after: dict[str, Counter] = {s: Counter() for s in STATS[:5]}
    first_after: Counter = Counter()
    for words in corpus_words(corpus):
        cores = [segmenter(w).core for w in words]
        previous = ""
        for i, core in enumerate(cores):
            totals[core] += 1
            label = triggers.get(previous)
            if label:
                after[label.lower()][core] += 1
            if previous in first_names:
                after["first_before"][core] += 1
            if i + 1 < len(cores) and cores[i + 1] in first_names:
                first_after[core] += 1
            previous = core
    counts = clusters.counts
    out: dict[str, str] = {}
    for core, total in totals.items():
        if total < min_count or not any(ch.isalpha() for ch in core):
            continue
        codes = [bucket(after[s][core] / total) for s in STATS[:5]]
        codes.append(bucket(first_after[core] / total))
        bare = core[2:] if core.startswith("ال") and len(core) > 3 else core
        with_article, without = counts.get("ال" + bare, 0), counts.get(bare, 0)
        codes.append(bucket(with_article / (with_article + without)) if with_article + without else "-")
        out[core] = "".join(codes)
    return out


def write(stats: dict[str, str], out: Path, corpus_name: str) -> None:
    lines = [f"# name-likeness buckets of word stems from {corpus_name}: {' '.join(STATS)}; "
             "python -m qawl.ner.namestats"]
    lines += [f"{word}\t{codes}" for word, codes in sorted(stats.items())]
    # Written beside the target, then moved over it: readers never see a missing or partial file.
    partial = out.with_name(out.name + ".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, out)


def load_namestats(path: Path | None) -> dict[str, str]:
    """Stem → bucket codes; empty when the file is absent (older model directories)."""
    return {parts[0]: parts[1] for parts in tsv_rows(path) if len(parts) == 2}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Mine name-likeness statistics from unlabelled news.")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--clusters", type=Path, default=Path(__file__).resolve().parents[1] / "resources" / "model" / "clusters.tsv")
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args()
    logging.basicConfig(level="INFO", format="%(levelname)s %(message)s")
    stats = compute(args.corpus, args.clusters, args.min_count)
    write(stats, args.out, args.corpus.name)
    log.info("wrote %s (%d stems)", args.out, len(stats))

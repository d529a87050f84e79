"""Word clusters learnt without labels from unlabelled Arabic news.

Why: most names in a test text never occur in ANERcorp; a cluster id tells
the CRF that an unseen word behaves like words it has seen (cities with
cities, first names with first names).

How: each frequent (folded) word is described by the words at positions -2,
-1, +1 and +2 around it (positive PMI, smoothed context counts), reduced to
dense vectors by a randomised SVD, then grouped by k-means at several
granularities (coarse to fine ids serve like Brown-cluster prefixes). Only
numpy and scipy are used; a fixed seed makes the run repeatable.

Rebuild the shipped file with::

    python -m qawl.ner.clusters --corpus ../shared/data/news_raw/ant_news.jsonl.gz \
        -o backend/qawl/resources/model/clusters.tsv
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ..arabic import fold

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)


def corpus_words(path: Path) -> Iterator[list[str]]:
    """Folded word lists, one per article of a JSONL(.gz) file with a ``text`` field."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = (record.get("title") or "") + "\n" + (record.get("text") or "")
            yield _WORD.findall(fold(text))


def cooccurrence(articles: Iterable[list[str]], vocab_size: int, context_size: int):
    """Counts of every word, and the sparse word × (offset, context word) count matrix."""
    import scipy.sparse as sp

    texts = list(articles)
    counts = Counter()
    for words in texts:
        counts.update(words)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    index = {w: i for i, (w, _) in enumerate(ranked[:vocab_size])}
    unknown = vocab_size
    ids = np.fromiter((index.get(w, unknown) for words in texts for w in words + ["</s>"]), dtype=np.int64)
    offsets = (-2, -1, 1, 2)
    rows, cols = [], []
    for block, offset in enumerate(offsets):
        if offset > 0:
            centre, context = ids[:-offset], ids[offset:]
        else:
            centre, context = ids[-offset:], ids[:offset]
        keep = (centre < vocab_size) & (context < context_size)
        rows.append(centre[keep])
        cols.append(context[keep] + block * context_size)
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    matrix = sp.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                           shape=(vocab_size, len(offsets) * context_size)).tocsr()
    matrix.sum_duplicates()
    return ranked, matrix


def ppmi(matrix, alpha: float = 0.75):
    """Positive PMI with context-distribution smoothing, kept sparse."""
    matrix = matrix.tocoo()
    total = matrix.data.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** alpha
    col_p = col_sums / col_sums.sum()
    values = np.log(matrix.data * total / (row_sums[matrix.row] * total * col_p[matrix.col]))
    keep = values > 0
    import scipy.sparse as sp

    return sp.csr_matrix((values[keep], (matrix.row[keep], matrix.col[keep])), shape=matrix.shape)


def randomised_svd(matrix, dims: int, seed: int = 0, power: int = 3) -> np.ndarray:
    """Row vectors ``U · sqrt(S)`` of a rank-``dims`` approximation (Halko et al. range finder)."""
    rng = np.random.RandomState(seed)
    probe = rng.standard_normal((matrix.shape[1], dims + 20))
    basis, _ = np.linalg.qr(matrix @ probe)
    for _ in range(power):
        basis, _ = np.linalg.qr(matrix.T @ basis)
        basis, _ = np.linalg.qr(matrix @ basis)
    small = (matrix.T @ basis).T
    u, s, _ = np.linalg.svd(small, full_matrices=False)
    vectors = (basis @ u[:, :dims]) * np.sqrt(s[:dims])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def kmeans(vectors: np.ndarray, k: int, seed: int = 0, iterations: int = 20) -> np.ndarray:
    """Spherical k-means (cosine), k-means++-style seeding; returns a cluster id per row."""
    rng = np.random.RandomState(seed)
    n = len(vectors)
    centres = [vectors[rng.randint(n)]]
    best = 1 - vectors @ centres[0]
    for _ in range(1, k):
        weights = np.maximum(best, 0) ** 2
        chosen = rng.choice(n, p=weights / weights.sum())
        centres.append(vectors[chosen])
        best = np.minimum(best, 1 - vectors @ vectors[chosen])
    centres = np.array(centres)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms.ravel() == 0
        centres = np.where(empty[:, None], centres, sums / np.maximum(norms, 1e-12))
    return labels


def build(corpus: Path, out: Path, vocab_size: int = 50_000, counts_size: int = 100_000,
          context_size: int = 3_000, dims: int = 100, granularities: tuple[int, ...] = (64, 256, 1024),
          seed: int = 0) -> None:
    started = time.perf_counter()
    ranked, matrix = cooccurrence(corpus_words(corpus), vocab_size, context_size)
    log.info("co-occurrence %s in %.0f s", matrix.shape, time.perf_counter() - started)
    vectors = randomised_svd(ppmi(matrix), dims, seed)
    log.info("vectors in %.0f s", time.perf_counter() - started)
    levels = [kmeans(vectors, k, seed) for k in granularities]
    log.info("k-means in %.0f s", time.perf_counter() - started)
    lines = [f"# word clusters: {corpus.name}, {vocab_size} words clustered at k={granularities}, "
             f"counts for the top {counts_size}; python -m qawl.ner.clusters"]
    for i, (word, count) in enumerate(ranked[:counts_size]):
        ids = [str(level[i]) for level in levels] if i < vocab_size else []
        lines.append("\t".join([word, str(count), *ids]))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log.info("wrote %s (%d words) in %.0f s", out, len(lines) - 1, time.perf_counter() - started)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Learn word clusters from unlabelled news (JSONL/JSONL.gz).")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--vocab", type=int, default=50_000)
    args = parser.parse_args()
    logging.basicConfig(level="INFO", format="%(levelname)s %(message)s")
    build(args.corpus, args.out, vocab_size=args.vocab)

"""Word vectors with subword information, learnt from unlabelled Arabic news.

Why: most names in news are not in ANERcorp. A vector built from a word's
character n-grams as well as its contexts puts an unseen transliterated name
(a foreign player, a company, a club) near names of its kind, which the
neural tagger (:mod:`.neural`) can use where the CRF's word features are
empty.

How: fastText skip-gram (Bojanowski et al. 2017) on the folded words of
``news_raw``, single-threaded so the run repeats exactly. What ships is plain
arrays (float16, read with ``allow_pickle=False``): the vectors of the most
frequent words, and the n-gram bucket table, from which the vector of any
other word is the mean of its n-grams' rows, hashed as fastText hashes them.
fastText is needed only to rebuild (the ``vectors`` extra)::

    python -m qawl.ner.vectors --corpus ../shared/data/news_raw/ant_news.jsonl.gz \
        -o backend/qawl/resources/model/vectors
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

import numpy as np
from numba import njit

from ..arabic import fold
from ..shipped import SHIPPED_MODEL_DIR
from .compiled import compiled

log = logging.getLogger(__name__)

VECTORS_DIR = "vectors"  # inside a model directory
SETTINGS = {"model": "skipgram", "dim": 64, "minn": 2, "maxn": 5, "bucket": 150_000, "epoch": 5,
            "minCount": 3, "ws": 5, "neg": 5, "thread": 1}


def fnv1a(data: bytes) -> int:
    """fastText's string hash: 32-bit FNV-1a over the bytes read as *signed* chars."""
    h = 2166136261
    for byte in data:
        h ^= (byte - 256 if byte > 127 else byte) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def ngram_buckets(word: str, minn: int, maxn: int, bucket: int) -> list[int]:
    """The bucket rows of the character n-grams of ``<word>``, in fastText's order (n-grams of one
    character at the word's edges are left out, as fastText does). Compiled (:func:`_ngram_rows`): an
    unseen word's vector is asked for on the request path, and hashing its n-grams in Python cost more
    than the rest of its features."""
    chars = "<" + word + ">"
    return _ngram_rows(np.fromiter(map(ord, chars), np.int64, len(chars)), minn, maxn, bucket).tolist()


def _ngram_rows(codes, minn, maxn, bucket):
    """:func:`ngram_buckets` over the code points of ``<word>``: FNV-1a (:func:`fnv1a`) of each n-gram's
    UTF-8 bytes, each n-gram's hash carried on from the one a character shorter at the same start."""
    rows = np.empty(len(codes) * maxn, np.int64)
    found = 0
    for i in range(len(codes)):
        h = 2166136261
        for n in range(1, maxn + 1):
            j = i + n
            if j > len(codes):
                break
            h = _fnv_char(h, codes[j - 1])
            if n >= minn and not (n == 1 and (i == 0 or j == len(codes))):
                rows[found] = h % bucket
                found += 1
    return rows[:found]


def _fnv_char(h, code):
    """FNV-1a steps over the UTF-8 bytes of one code point (lone surrogates too, as "surrogatepass" writes
    them): a lead byte, then 6 bits per continuation byte."""
    if code < 0x80:
        return _fnv_byte(h, code)
    length, lead = (2, 0xC0) if code < 0x800 else (3, 0xE0) if code < 0x10000 else (4, 0xF0)
    h = _fnv_byte(h, lead | (code >> (6 * (length - 1))))
    for shift in range(6 * (length - 2), -1, -6):
        h = _fnv_byte(h, 0x80 | ((code >> shift) & 0x3F))
    return h


def _fnv_byte(h, byte):
    """One FNV-1a step, the byte read as a signed char (sign-extended to 32 bits) as fastText reads it."""
    if byte > 127:
        byte |= 0xFFFFFF00
    return ((h ^ byte) * 16777619) & 0xFFFFFFFF


_fnv_byte = njit(inline="always")(_fnv_byte)
_fnv_char = njit(inline="always")(_fnv_char)
_ngram_rows = compiled(_ngram_rows, nogil=True)


class SubwordVectors:
    """Looks up the vector of any token: a stored word's own, else the mean of its n-gram rows."""

    def __init__(self, words: list[str], word_vectors: np.ndarray, buckets: np.ndarray, minn: int, maxn: int):
        self.index = {w: i for i, w in enumerate(words)}
        self.word_vectors = word_vectors.astype(np.float32)
        self.buckets = buckets.astype(np.float32)
        self.minn, self.maxn = minn, maxn
        self.dim = word_vectors.shape[1]
        self._cache: dict[str, np.ndarray] = {}
        ngram_buckets("", minn, maxn, 1)  # compile (or load the cached compilation) now, not on a request

    @classmethod
    def load(cls, directory: Path | str) -> "SubwordVectors":
        """The vectors in ``directory``; the shipped ones when it has none (a trained model directory
        usually relies on them)."""
        directory = Path(directory)
        if not (directory / "vectors.json").exists():
            directory = SHIPPED_MODEL_DIR / VECTORS_DIR
        meta = json.loads((directory / "vectors.json").read_text(encoding="utf-8"))
        words = (directory / "words.txt").read_text(encoding="utf-8").split("\n")
        return cls(words, np.load(directory / "words.npy", allow_pickle=False),
                   np.load(directory / "buckets.npy", allow_pickle=False), meta["minn"], meta["maxn"])

    def vector(self, token: str) -> np.ndarray:
        word = fold(token)
        found = self._cache.get(word)
        if found is not None:
            return found
        i = self.index.get(word)
        if i is not None:
            found = self.word_vectors[i]
        else:
            rows = ngram_buckets(word, self.minn, self.maxn, len(self.buckets))
            found = self.buckets[rows].mean(axis=0) if rows else np.zeros(self.dim, np.float32)
        if len(self._cache) < 200_000:
            self._cache[word] = found
        return found

    def matrix(self, tokens: list[str]) -> np.ndarray:
        """One row per token."""
        if not tokens:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.vector(t) for t in tokens])


def build(corpus: Path, out: Path, keep_words: int = 100_000) -> None:
    """Trains fastText on the folded words of ``corpus`` and writes the shipped arrays to ``out``."""
    import fasttext  # the `vectors` extra: only rebuilding needs it

    from .clusters import corpus_words

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as handle:
        for words in corpus_words(corpus):
            handle.write(" ".join(words) + "\n")
        text_path = handle.name
    try:
        model = fasttext.train_unsupervised(text_path, verbose=0, **SETTINGS)
    finally:
        Path(text_path).unlink()
    words = model.get_words()[:keep_words]  # fastText sorts its vocabulary by frequency
    word_vectors = np.stack([model.get_word_vector(w) for w in words]).astype(np.float16)
    input_matrix = model.get_input_matrix()
    buckets = input_matrix[len(model.get_words()):].astype(np.float16)
    np.save(out / "words.npy", word_vectors, allow_pickle=False)
    np.save(out / "buckets.npy", buckets, allow_pickle=False)
    (out / "words.txt").write_text("\n".join(words), encoding="utf-8")
    meta = {"method": "fastText skip-gram with character n-grams (fasttext 0.9.2)", "settings": SETTINGS,
            "corpus": corpus.name, "words": len(words), "minn": SETTINGS["minn"], "maxn": SETTINGS["maxn"]}
    (out / "vectors.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("vectors: %d words, %d buckets, %.0f s", len(words), len(buckets), time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--keep-words", type=int, default=100_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.corpus, args.out, args.keep_words)


if __name__ == "__main__":
    main()

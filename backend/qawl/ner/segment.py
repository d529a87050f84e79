"""Rule-based proclitic segmentation (و ف ب ل ك and the article ال).

CAMeL's morphological analyser needs data that cannot be downloaded here, so
qawl splits proclitics with a few rules and two word lists: corpus counts
(from the clusters file) and gazetteer names. A prefix is split off when what
remains is a better-attested word than the whole token (``وسوريا`` →
``سوريا``) and kept when the letters belong to the name (``بغداد``,
``لبنان``, ``كندا``). When two prefixes would both leave attested words, the
better-attested rest wins (``وبكين`` is ``و`` + ``بكين``, not ``وب`` + ``كين``;
``وبحسب`` is ``و`` + ``بحسب``). The article stays with the word; ``ل`` + ``ال`` is
written ``لل`` and is split after the first ``ل`` (``للعراق`` → ``لعراق``).

Everything works on folded text (see :mod:`qawl.ner.text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

# Conjunction, then preposition: longest combinations first.
_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class Segmentation:
    """How a folded token splits: ``prefix`` + the rest of the token.

    ``strip`` is how many folded characters the prefix takes from the token
    (the span of an entity starts after them); ``core`` is the word without
    the prefix, with the article restored after ``لل``; ``bare`` is ``core``
    without the article.
    """

    prefix: str
    core: str
    strip: int

    @property
    def bare(self) -> str:
        core = self.core
        return core[2:] if core.startswith("ال") and len(core) > 3 else core


# Words a per-word cache keeps (this one, the features', the scorer's and the entity rules'). Bounded so a
# worker annotating an archive stays flat once they are full; the first words seen are kept, and the
# frequent ones come first.
WORD_CACHE_SIZE = 100_000


class Segmenter:
    """Splits proclitics off folded tokens, remembering every answer."""

    def __init__(self, counts: Mapping[str, int] | None = None, names: set[str] | frozenset[str] = frozenset(),
                 min_count: int = 3):
        self.counts = counts or {}
        self.names = names
        self.min_count = min_count
        self._cache: dict[str, Segmentation] = {}

    def __call__(self, word: str) -> Segmentation:
        found = self._cache.get(word)
        if found is None:
            found = self._split(word)
            if len(self._cache) < WORD_CACHE_SIZE:  # bounded, so a worker's memory stays flat over an archive
                self._cache[word] = found
        return found

    def _split(self, word: str) -> Segmentation:
        if len(word) < 3 or word.startswith("ال"):
            return Segmentation("", word, 0)
        count = self.counts.get(word, 0)
        whole_is_name = word in self.names
        best, best_attested = None, 0.0
        for prefix in _PREFIXES:
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix):]
            if prefix.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
                # ل + ال written لل: the span keeps the second ل.
                core = "ا" + rest
                if not whole_is_name:
                    return Segmentation(prefix, core, len(prefix))
                continue
            if len(rest) < 2:
                continue
            if rest.startswith("ال") and len(rest) >= 4:
                if not whole_is_name and self.counts.get(rest, 1) >= min(count, self.min_count):
                    return Segmentation(prefix, rest, len(prefix))
                continue
            if self._better(rest, count, whole_is_name):
                attested = self._attestation(rest)
                if best is None or attested > best_attested:  # a tie keeps the longer prefix
                    best, best_attested = Segmentation(prefix, rest, len(prefix)), attested
        if best is not None:
            return best
        if (not count and not whole_is_name and word[0] == "و" and len(word) >= 5
                and not word.startswith("وا") and word[1] not in "وي"):
            # An unseen word after و: in news this is almost always the conjunction.
            return Segmentation("و", word[1:], 1)
        return Segmentation("", word, 0)

    def _attestation(self, rest: str) -> float:
        """How well ``rest`` is attested as a word: a listed name beats any corpus count."""
        return float("inf") if rest in self.names else self.counts.get(rest, 0)

    def _better(self, rest: str, count: int, whole_is_name: bool) -> bool:
        """Is ``rest`` a better-attested word than the whole token?"""
        if whole_is_name:
            return False
        if rest in self.names:
            return True
        rest_count = self.counts.get(rest, 0)
        return rest_count >= self.min_count and rest_count > count

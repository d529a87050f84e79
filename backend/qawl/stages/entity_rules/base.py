"""What every entity rule works with: the document's words, the lists, and the span edits.

Words are matched in folded form; the proclitic split of a word uses the NER
segmenter (:func:`qawl.ner.align.clitic_offset`), so ``للجيش السوري`` gives
``لجيش السوري`` and offsets stay exact on diacritised text.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from typing import NamedTuple

from ...arabic import ARABIC_LETTERS, fold
from ...document import ENTITY, Document, Span
from ...ner.align import clitic_offset
from ...ner.segment import WORD_CACHE_SIZE, Segmenter
from ...ranges import SpanIndex
from ..precedence import Precedence
from .lexicon import RuleLexicon

SOURCE = "entity_rules"
SCORE = 0.9  # the confidence shown on a rule's region; overlaps are settled by Precedence.RULES


class Word(NamedTuple):
    """A token as the rules see it: offsets, folded core (proclitics off, article restored after لل)."""

    start: int        # original offset where the word proper starts (after its proclitics)
    end: int
    core: str
    prefix: str       # the proclitics split off ("" when none)
    arabic: bool
    text: str         # folded token


class Words(list):
    """The document's words in text order, with lookups built once per document and shared by the rules."""

    def __init__(self, words: list[Word], text: str):
        super().__init__(words)
        self.text = text

    @cached_property
    def by_start(self) -> dict[int, int]:
        return {w.start: i for i, w in enumerate(self)}

    @cached_property
    def by_end(self) -> dict[int, int]:
        return {w.end: i for i, w in enumerate(self)}

    def within(self, start: int, end: int) -> range:
        """The indices of the words lying wholly inside ``[start, end)``."""
        first = last = bisect_left(self, start, key=lambda w: w.start)
        while last < len(self) and self[last].end <= end:
            last += 1
        return range(first, last)

    def name(self, first: int, last: int, whole_first: bool = False) -> str:
        """Words ``first``..``last`` as the gazetteer keys a name: the first by its core (or whole, when a
        proclitic-looking letter is the name's own: لاس فيغاس), the others whole."""
        return " ".join([self[first].text if whole_first else self[first].core]
                        + [w.text for w in self[first + 1:last + 1]])

    def joined(self, k: int) -> bool:
        """Is word ``k`` separated from the word before it by plain spaces only?"""
        w = self[k]
        gap = self.text[self[k - 1].end:w.start - len(w.prefix)]
        return not gap.strip() and "\n" not in gap


class Lists(NamedTuple):
    """What the rules look words up in, all folded."""

    lex: RuleLexicon
    places: set[str]        # single- and multi-word place names
    names: dict[str, str]   # gazetteer name -> its labels joined by "|"
    long_names: dict[str, str]  # the names of four words or more with one label -> that label
    long_name_firsts: frozenset[str]  # their first words


class WordReader:
    """Makes the :class:`Words` of a document; each token string is analysed once (news repeats its words)."""

    CACHE_SIZE = WORD_CACHE_SIZE

    def __init__(self, segmenter: Segmenter, vocabulary: set[str]):
        self.segmenter = segmenter
        self.vocabulary = vocabulary
        # listed words first: وكأس is و + كأس even where corpus counts prefer وك + أس
        self.listed = Segmenter({}, vocabulary)
        self._analyses: dict[str, tuple[int, str, str, bool, str]] = {}

    def __call__(self, doc: Document) -> Words:
        out = []
        cache = self._analyses
        for token in doc.tokens:
            found = cache.get(token.text)
            if found is None:
                found = self._analyse(token.text)
                if len(cache) < self.CACHE_SIZE:
                    cache[token.text] = found
            offset, core, prefix, arabic, folded = found
            out.append(Word(token.start + offset, token.end, core, prefix, arabic, folded))
        return Words(out, doc.text)

    def _analyse(self, token: str) -> tuple[int, str, str, bool, str]:
        """Clitic offset, core, prefix, is-Arabic and folded form of one token string."""
        folded = fold(token)
        if not folded or not all(ch in ARABIC_LETTERS for ch in folded):
            return 0, folded, "", False, folded
        segmenter = self.listed if self.listed(folded).core in self.vocabulary else self.segmenter
        seg = segmenter(folded)
        offset = clitic_offset(token, segmenter) if seg.strip else 0
        return offset, seg.core, seg.prefix if offset else "", True, folded


class SpanEdits:
    """The entity spans as one rule edits them: ``with SpanEdits(doc) as edits: ...``.

    Overlap queries see every edit at once; removed spans leave the document when the
    rule ends, one pass over its spans per rule rather than per edit, so a long text
    stays linear.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self._index = SpanIndex(doc.spans_of(ENTITY))
        self._doomed: list[Span] = []

    def __enter__(self) -> "SpanEdits":
        return self

    def __exit__(self, *exc) -> None:
        self.doc.remove_spans(self._doomed)

    def overlapping(self, start: int, end: int) -> list[Span]:
        return self._index.overlapping(start, end)

    def remove(self, spans: list[Span]) -> None:
        for span in spans:
            if span in self._index:
                self._index.remove(span)
                self._doomed.append(span)

    def moved(self, span: Span) -> None:
        """Re-file a span whose offsets the rule changed (unless an earlier edit removed it)."""
        if span in self._index:
            self._index.moved(span)

    def add(self, start: int, end: int, label: str) -> Span:
        span = self.doc.add_span(start, end, label, ENTITY, SCORE, SOURCE, priority=Precedence.RULES)
        self._index.add(span)
        return span

    def replace(self, start: int, end: int, label: str) -> bool:
        """Add a span over the spans it overlaps, unless a span of the same range, or one of the
        same label containing it, is there already; whether it was added."""
        overlapping = self.overlapping(start, end)
        if any(s.start <= start and end <= s.end and (s.label == label or (s.start, s.end) == (start, end))
               for s in overlapping):
            return False
        self.remove(overlapping)
        self.add(start, end, label)
        return True

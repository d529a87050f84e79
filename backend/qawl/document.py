"""Documents, spans and relations: where every offset in qawl is decided.

Offsets are Python ``str`` indices into the task text exactly as Label Studio
stores it. Stages that want diacritic- or alef-insensitive matching search the
normalised view and map their hits back with :meth:`NormalisedView.to_original`;
nothing else in the code base slices a normalised string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import regex
from camel_tools.tokenizers.word import simple_word_tokenize

from .arabic import DIACRITICS, DROPPED, LETTER_FOLDS

__all__ = [
    "Document",
    "NormalisedView",
    "Relation",
    "Span",
    "Token",
    "split_sentences",
    "tokenize",
]

ATTRIBUTION = "attribution"
ENTITY = "entity"

@dataclass(frozen=True)
class Token:
    """A whitespace/punctuation token with its offsets in the original text."""

    start: int
    end: int
    text: str


@dataclass(eq=False)
class Span:
    """A labelled character range of the original text.

    ``group`` is the label group (``entity`` or ``attribution``); ``score`` is
    the stage's confidence in [0, 1], shown on the region; ``source`` names the
    rule or model that produced it, for debugging and for the learning loop;
    ``priority`` is the stage's rank where spans overlap
    (:class:`qawl.stages.precedence.Precedence`; 0, the lowest, when unset).
    """

    start: int
    end: int
    label: str
    group: str
    score: float = 1.0
    source: str = ""
    attrs: dict = field(default_factory=dict)
    priority: int = 0

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def __repr__(self) -> str:  # short form for test failures
        return f"Span({self.start}, {self.end}, {self.label!r}, {self.score:.2f})"


@dataclass(eq=False)
class Relation:
    """A directed, labelled link between two spans (SPEAKER -said-> QUOTE)."""

    head: Span
    tail: Span
    label: str = "said"
    score: float = 1.0


class NormalisedView:
    """A matching-friendly copy of a text with a map back to the original.

    Diacritics, tatweel and invisible marks are removed; alef forms, alef
    maksura and Persian letters are folded. ``index[i]`` is the original
    offset of normalised character ``i``.
    """

    def __init__(self, text: str):
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            if ch in DROPPED:
                continue
            chars.append(ch.translate(LETTER_FOLDS))
            index.append(i)
        self.text = "".join(chars)
        self.index = index
        self._original = text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised half-open range to the original text.

        The end takes in the diacritics that follow the last letter, since they
        belong to it (``الرئيسُ`` stays whole); tatweel and spaces stay outside.
        """
        if start >= end:
            pos = self.index[start] if start < len(self.index) else len(self._original)
            return pos, pos
        stop = self.index[end - 1] + 1
        while stop < len(self._original) and self._original[stop] in DIACRITICS:
            stop += 1
        return self.index[start], stop

    def to_normalised(self, offset: int) -> int:
        """The normalised position of the first kept character at or after ``offset``."""
        from bisect import bisect_left

        return bisect_left(self.index, offset)




# Every symbol camel-tools' tokenizer splits off starts with one of these characters (a digit, ``#`` and ``*``
# are Emoji characters too), so a word without any of them is one token and needs no character-by-character scan.
_SPLITS_OFF = regex.compile(r"[\p{S}\p{P}\p{Emoji}\p{RI}]")
# The one letter (``str.isalpha``) with the Emoji property; a test checks this over all of Unicode.
_EMOJI_LETTER = "\u2139"


def _words(text: str) -> list[str]:
    """camel-tools' ``simple_word_tokenize(text)``, the same tokens, with a fast path for plain words:
    its scan tries a regular expression at every character of every word, most of a document's cost."""
    words: list[str] = []
    for word in text.split():
        if word.isalpha() and _EMOJI_LETTER not in word or _SPLITS_OFF.search(word) is None:
            words.append(word)
        else:
            words.extend(simple_word_tokenize(word))
    return words


def tokenize(text: str) -> list[Token]:
    """Tokens with exact offsets.

    camel-tools' tokenizer returns verbatim substrings in order, so a forward
    search recovers each offset.
    """
    tokens: list[Token] = []
    cursor = 0
    for word in _words(text):
        start = text.find(word, cursor)
        if start < 0:  # defensive: never seen, but never emit a wrong offset
            continue
        end = start + len(word)
        tokens.append(Token(start, end, word))
        cursor = end
    return tokens


_SENTENCE_END = re.compile(r"[.!?؟…]+[»\"”’')\]]*(?=\s|$)|\n+")
# Abbreviations whose dot does not end a sentence (د. = doctor, م. = engineer).
_ABBREVIATION = re.compile(r"(?:^|\s)(?:د|م|أ|ت|ص|ج|ق)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges on the original text, whitespace trimmed.

    Ends at ``. ! ? ؟ …`` (with any closing marks) before whitespace, and at
    newlines; a dot after a one-letter abbreviation does not end a sentence.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if "\n" not in match.group() and _ABBREVIATION.search(text[start:end]):
            continue
        _append_trimmed(ranges, text, start, end)
        start = end
    _append_trimmed(ranges, text, start, len(text))
    return ranges


def _append_trimmed(ranges: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        lead = len(segment) - len(segment.lstrip())
        ranges.append((start + lead, start + lead + len(stripped)))


class Document:
    """A task text and everything the stages found in it.

    Tokens, sentences and the normalised view are computed on first use, so a
    stage pays only for what it reads.
    """

    def __init__(self, text: str):
        self.text = text
        self.spans: list[Span] = []
        self.relations: list[Relation] = []

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)

    @cached_property
    def normalised(self) -> NormalisedView:
        return NormalisedView(self.text)

    def add_span(self, start: int, end: int, label: str, group: str, score: float = 1.0,
                 source: str = "", *, priority: int = 0, **attrs) -> Span:
        """Add a span after checking its offsets; returns it for linking."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        span = Span(start, end, label, group, max(0.0, min(1.0, float(score))), source, attrs, priority)
        self.spans.append(span)
        return span

    def add_relation(self, head: Span, tail: Span, label: str = "said", score: float = 1.0) -> Relation:
        relation = Relation(head, tail, label, score)
        self.relations.append(relation)
        return relation

    def spans_of(self, group: str | None = None, label: str | None = None) -> list[Span]:
        return [s for s in self.spans
                if (group is None or s.group == group) and (label is None or s.label == label)]

    def remove_spans(self, doomed: list[Span]) -> None:
        """Drop spans and any relation that touches them."""
        if not doomed:
            return
        ids = {id(s) for s in doomed}
        self.spans = [s for s in self.spans if id(s) not in ids]
        self.relations = [r for r in self.relations if id(r.head) not in ids and id(r.tail) not in ids]

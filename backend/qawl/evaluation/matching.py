"""Span matching as the annotation guidelines define it, shared by every scorer.

Exact: start and end agree after trimming whitespace, quotation marks and
final punctuation. Overlap: the spans share at least half of the shorter
span's characters. Each gold span is matched at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["PRF", "trim", "exact_match", "overlap_match", "match_spans", "score_spans"]

_TRIMMED_EDGES = set(" \t\r\n\u00a0«»“”„\"'‘’")
_FINAL_PUNCT = set(".,،;؛:!?؟…")

Range = tuple[int, int]


def trim(text: str, start: int, end: int) -> Range:
    """Shrink ``[start, end)`` past whitespace and quote marks, and final punctuation."""
    while start < end and text[start] in _TRIMMED_EDGES:
        start += 1
    while end > start and (text[end - 1] in _TRIMMED_EDGES or text[end - 1] in _FINAL_PUNCT):
        end -= 1
    return start, end


def exact_match(text: str, a: Range, b: Range) -> bool:
    return trim(text, *a) == trim(text, *b)


def overlap_match(text: str, a: Range, b: Range) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and shared * 2 >= shorter


Matcher = Callable[[str, Range, Range], bool]


def match_spans(text: str, gold: Sequence[Range], predicted: Sequence[Range], matcher: Matcher) -> dict[int, int]:
    """Pair predicted spans with gold spans one to one: ``{gold index: predicted index}``.

    Candidates are taken best-overlap first, so a long prediction that touches
    two gold spans goes to the one it covers most.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if matcher(text, g, p):
                shared = min(g[1], p[1]) - max(g[0], p[0])
                candidates.append((-shared, gi, pi))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


@dataclass
class PRF:
    """Counts and precision/recall/F1, summable across documents."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.true_positives + other.true_positives, self.predicted + other.predicted,
                   self.gold + other.gold)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.true_positives, "predicted": self.predicted, "gold": self.gold}


def score_spans(text: str, gold: Sequence[Range], predicted: Sequence[Range], matcher: Matcher) -> PRF:
    return PRF(len(match_spans(text, gold, predicted, matcher)), len(predicted), len(gold))

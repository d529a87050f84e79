"""Training the clause-end model of the quotes stage from gold quote boundaries.

The quotes stage is run with the rule alone over gold articles and records, for every indirect quote it
opens, the points where the clause may end (:meth:`QuoteStage.end_points`). A recorded clause whose start
is a gold quote's start gives examples: each point before the gold end is "goes on", the point where the
clause would end exactly at the gold end is "ends here"; clauses whose gold end is at no point teach only
their "goes on" points. A logistic regression (L2, full-batch gradient descent in numpy: a few thousand
examples) turns them into :class:`ClauseEndModel` weights. Deterministic: same gold, same weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from ..document import Document
from ..stages.attribution.clause_end import ClauseEndModel
from ..stages.quotes import QuoteStage, trim_quote

__all__ = ["Example", "clause_examples", "train_clause_ends"]

MIN_COUNT = 2  # a feature seen once teaches nothing general
L2 = 1.0
STEPS = 400
RATE = 0.5


@dataclass(frozen=True)
class Example:
    features: tuple[str, ...]
    ends: bool


class _RecordingStage(QuoteStage):
    """The quotes stage with the rule alone, noting every clause it walks: (first token, cue, points with
    the features the model would see)."""

    def __init__(self, stage: QuoteStage):
        super().__init__(stage.lex, None)
        self.clauses: list[tuple[object, int, list]] = []

    def _clause_end(self, ctx, first, last, across_sentences=False, cue=None):
        self.clauses.append((ctx, first, list(self.clause_points(ctx, first, last, across_sentences, cue))))
        return super()._clause_end(ctx, first, last, across_sentences, cue)


def clause_examples(stage: QuoteStage, articles: Iterable[tuple[str, list[dict]]]) -> list[Example]:
    """Examples from (text, gold quotes) pairs; gold quotes have ``start`` and ``end`` offsets."""
    examples: list[Example] = []
    for text, quotes in articles:
        recorder = _RecordingStage(stage)
        recorder(Document(text))
        ends_by_start = {q["start"]: q["end"] for q in quotes}
        for ctx, first, points in recorder.clauses:
            tokens = ctx.tokens
            start, _ = trim_quote(text, tokens[first].start, tokens[first].end)
            gold_end = ends_by_start.get(start)
            if gold_end is None:
                continue
            for point, features in points:
                if point.kind in ("sentence_end", "last"):
                    break
                end = trim_quote(text, tokens[first].start, tokens[point.end].end)[1] if point.end >= first else start
                if end == gold_end:
                    examples.append(Example(tuple(features), True))
                    break
                if tokens[point.k].start >= gold_end:
                    break
                examples.append(Example(tuple(features), False))
    return examples


def train_clause_ends(examples: list[Example], l2: float = L2, steps: int = STEPS,
                      meta: dict | None = None) -> ClauseEndModel:
    """Logistic regression over the examples' features (those seen at least MIN_COUNT times)."""
    counts: dict[str, int] = {}
    for example in examples:
        for name in set(example.features):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, count in counts.items() if count >= MIN_COUNT)
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(examples), len(names)), dtype=np.float64)
    for row, example in enumerate(examples):
        for name in example.features:
            column = index.get(name)
            if column is not None:
                x[row, column] = 1.0
    y = np.array([1.0 if e.ends else 0.0 for e in examples])
    w = np.zeros(len(names))
    n = max(1, len(examples))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) / n + l2 * w / n
        w -= RATE * gradient
    weights = {name: float(value) for name, value in zip(names, w) if abs(value) > 1e-6}
    info = {"examples": len(examples), "ends": int(y.sum()), "features": len(weights), "l2": l2, "steps": steps}
    return ClauseEndModel(weights, {**info, **(meta or {})})

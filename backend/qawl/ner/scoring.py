"""Entity-level scoring of tag sequences (seqeval-style, exact entity match)."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from ..evaluation.matching import PRF
from .conll import LABELS, entities_of


def score_tag_sequences(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, PRF]:
    """Per-label and ``micro`` PRF over ``(gold tags, predicted tags)`` sentence pairs."""
    tp, predicted, gold = Counter(), Counter(), Counter()
    for gold_tags, predicted_tags in pairs:
        g = set(entities_of(list(gold_tags)))
        p = set(entities_of(list(predicted_tags)))
        for label, *_ in g:
            gold[label] += 1
        for label, *_ in p:
            predicted[label] += 1
        for label, *_ in g & p:
            tp[label] += 1
    labels = sorted(set(LABELS) | set(gold) | set(predicted), key=lambda l: (l not in LABELS, l))
    result = {label: PRF(tp[label], predicted[label], gold[label]) for label in labels}
    result["micro"] = sum(result.values(), PRF())
    return result


def format_table(result: dict[str, PRF]) -> str:
    lines = [f"{'label':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}"]
    for label, prf in result.items():
        lines.append(f"{label:<6} {prf.precision:7.4f} {prf.recall:7.4f} {prf.f1:7.4f} {prf.gold:6d} {prf.predicted:6d}")
    return "\n".join(lines)

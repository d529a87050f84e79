"""Where a reported clause ends: a small logistic model over the points where it may end.

An indirect quote runs from its complement to the end of the clause, and the clause may end at a comma
(``، وهو ما``), at a reporting verb or participle (``، مضيفا``) or, after a colon, at a sentence end. A word
list decides this badly: the same ``، و`` or ``، لكن`` continues the quote in one sentence and returns to
the narrator in the next. The quotes stage walks the clause and asks, at each such point, whether the clause
ends there; the rule's own answer is one of the model's features, with the words after the point, the
distance from the complement and the reporting verb.

The model is a plain JSON file of feature weights (``clause_ends.json`` in a model directory), trained from
gold quote boundaries by :mod:`qawl.learning.clause_ends` (``benchmarks/quote_clause_ends.py`` compares it with
the rule by cross-validation and ``--save`` writes one). Without the file the stage uses the rule alone; the
shipped model has none, since the rule scores better.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stage's context, for type hints only
    from .context import Context

__all__ = ["CLAUSE_ENDS_FILE", "ClauseEndModel", "EndPoint", "point_features"]

CLAUSE_ENDS_FILE = "clause_ends.json"
FORMAT = "qawl.clause_ends/1"
_PREFIXES = ("و", "ف")
_DISTANCES = ((3, "0-3"), (8, "4-8"), (15, "9-15"), (30, "16-30"))


@dataclass(frozen=True)
class EndPoint:
    """A point where a clause walked from ``first`` may end: token ``k`` of ``kind`` (``comma``, ``cue``,
    ``sentence``), the rule's answer, and the clause's last token if it ends there."""

    k: int
    kind: str
    rule_ends: bool
    end: int


def _distance(tokens: int) -> str:
    return next((name for limit, name in _DISTANCES if tokens <= limit), "31+")


def point_features(ctx: "Context", point: EndPoint, first: int, commas_before: int, cue_lemma: str) -> list[str]:
    """What the model sees at ``point``: its kind and the rule's answer, the words after it (with and without
    و/ف), the word before it, whether a reporting cue or a complementiser follows before the next comma, the
    distance from the clause start, the commas passed and the quote's reporting verb."""
    norms, k, n = ctx.norms, point.k, len(ctx.norms)
    kind = point.kind
    rule = "1" if point.rule_ends else "0"
    feats = ["bias:" + kind, "rule=" + rule + ":" + kind, "dist=" + _distance(k - first) + ":" + kind,
             "commas=" + str(min(commas_before, 3)), "lemma=" + cue_lemma + ":" + rule]
    after = k + 1 if kind != "cue" else k  # at a cue, the cue word itself is what follows
    if after < n:
        word = norms[after]
        feats += ["n1=" + word, "n1=" + word + ":" + kind]
        bare = word[1:] if word[:1] in _PREFIXES and len(word) > 2 else word
        if bare is not word:
            feats += ["n1p=" + word[0], "n1b=" + bare, "n1b2=" + bare[:2]]
        if after + 1 < n:
            feats.append("n2=" + word + "|" + norms[after + 1])
        cue = ctx.cues[after]
        if cue is not None:
            feats.append("n1cue=" + cue.kind + ":" + (word[0] if word[:1] in _PREFIXES else "-"))
    if k > 0:
        feats.append("prev=" + norms[k - 1])
        if ctx.is_mark(k - 1):
            feats.append("prev_mark")
    for i in range(after + 1, min(n, after + 9)):
        if ctx.is_comma(i) or i in ctx.barrier_set:
            break
        if ctx.cues[i] is not None and ctx.inside[i] < 0:
            feats.append("cue_ahead=" + ctx.cues[i].kind)
            break
        if ctx.complementiser(i):
            feats.append("comp_ahead")
            break
    return feats


@dataclass
class ClauseEndModel:
    """Logistic weights over :func:`point_features`; a clause ends where the probability is over 0.5."""

    weights: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def probability(self, features: list[str]) -> float:
        weights = self.weights
        z = sum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def ends(self, features: list[str]) -> bool:
        return self.probability(features) > 0.5

    def to_json(self) -> dict:
        return {"format": FORMAT, "meta": self.meta,
                "weights": {name: round(value, 6) for name, value in sorted(self.weights.items())}}

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict) -> "ClauseEndModel":
        if data.get("format") != FORMAT:
            raise ValueError(f"not a clause-end model ({FORMAT}): format {data.get('format')!r}")
        return cls({str(k): float(v) for k, v in data["weights"].items()}, dict(data.get("meta") or {}))

    @classmethod
    def load(cls, path: Path) -> "ClauseEndModel | None":
        """The model in ``path``, or None when there is no such file (the rule alone)."""
        path = Path(path)
        if not path.exists():
            return None
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

"""``GoldDoc``: one annotated text in qawl's own terms, whatever tool it came from.

Label Studio results are read into it by ``labelstudio.annotations``; the
learners, the gold exports and the scorers see only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CharSpan", "ENTITY_LABELS", "GoldDoc", "Range"]

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
Range = tuple[int, int]
CharSpan = tuple[int, int, str]


@dataclass
class GoldDoc:
    """One annotated task, in qawl's labels, with only regions whose offsets check out."""

    text: str
    entities: list[CharSpan] = field(default_factory=list)
    quotes: list[Range] = field(default_factory=list)
    speakers: list[Range] = field(default_factory=list)
    said: list[tuple[Range, Range]] = field(default_factory=list)  # (speaker, quote)
    rejected: int = 0
    key: str = ""

    @property
    def entity_labels(self) -> set[str]:
        return {label for _, _, label in self.entities}

    @property
    def has_attribution(self) -> bool:
        return bool(self.quotes or self.speakers)

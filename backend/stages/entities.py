"""Entities stage (first version): gazetteer lookup with the guidelines' clitic rule."""

from __future__ import annotations

import re
from pathlib import Path

from ..document import ENTITY, Document, normalise
from ..pipeline import register_stage
from .lexicon import RESOURCES, read_list

LABELS = ("PER", "ORG", "LOC", "MISC")


class GazetteerEntities:
    name = "entities"

    def __init__(self, names: dict[str, str]):
        self.names = names  # normalised name -> label
        self.longest = max((n.count(" ") + 1 for n in names), default=1)

    def __call__(self, doc: Document) -> None:
        view = doc.normalised
        words = [(m.start(), m.end()) for m in re.finditer(r"[\w\u0600-\u06ff]+", view.text)]
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                found = self._lookup(view.text[start:end])
                if found:
                    offset, label = found
                    s, e = view.to_original(start + offset, end)
                    doc.add_span(s, e, label, ENTITY, 0.6, "gazetteer")
                    i += n
                    break
            else:
                i += 1

    def _lookup(self, phrase: str):
        if phrase in self.names:
            return 0, self.names[phrase]
        for k in range(1, 4):
            if len(phrase) > k + 2 and re.fullmatch(r"[وفبكل]+", phrase[:k]):
                rest = phrase[k:]
                if rest in self.names:
                    return k, self.names[rest]
                if phrase[:k].endswith("ل") and ("ال" + rest[1:]) in self.names and rest.startswith("ل"):
                    return k, self.names["ال" + rest[1:]]
        return None


def load_gazetteers(directory: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for label in LABELS:
        path = directory / f"{label}.txt"
        if path.exists():
            for entry in read_list(path):
                names.setdefault(normalise(entry), label)
    return names


@register_stage("entities")
def _load(model_dir: Path, options: dict) -> GazetteerEntities:
    return GazetteerEntities(load_gazetteers(RESOURCES / "gazetteers"))

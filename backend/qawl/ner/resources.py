"""The plain-text resources the tagger reads: gazetteers, trigger words, word clusters.

Gazetteers live in ``backend/qawl/resources/gazetteers``: every ``LABEL*.txt``
file lists names of that label, one a line; ``triggers/LABEL.txt`` lists the
words that announce a name of that label (titles, ``وزارة``, ``مدينة``).
The clusters file (``clusters.tsv`` in a model directory) has one word a line:
``word<TAB>count<TAB>cluster ids at coarse-to-fine granularities``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..arabic import fold
from ..shipped import RESOURCES, read_list
from .conll import LABELS

GAZETTEERS = RESOURCES / "gazetteers"


@dataclass
class Gazetteer:
    """Folded names → labels, with the longest entry length for scanning."""

    names: dict[str, str] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    longest: int = 1

    def add(self, name: str, label: str) -> None:
        key = " ".join(fold(name).split())
        if not key:
            return
        labels = self.names.get(key)
        if labels is None:
            self.names[key] = label
        elif label not in labels.split("|"):
            self.names[key] = "|".join(sorted(labels.split("|") + [label]))
        words = key.split(" ")
        self.first_words.add(words[0])
        self.longest = max(self.longest, len(words))

    @property
    def single_words(self) -> set[str]:
        return {k for k in self.names if " " not in k}


def load_gazetteer(directory: Path = GAZETTEERS, gazetteer: Gazetteer | None = None) -> Gazetteer:
    """Names of every ``LABEL*.txt`` list in ``directory``, added to ``gazetteer`` when given."""
    gazetteer = gazetteer if gazetteer is not None else Gazetteer()
    for label in LABELS:
        for path in sorted(Path(directory).resolve().glob(f"{label}*.txt")):
            for entry in read_list(path):
                gazetteer.add(entry, label)
    return gazetteer


def load_triggers(directory: Path = GAZETTEERS / "triggers", triggers: dict[str, str] | None = None) -> dict[str, str]:
    """Folded trigger word → label (the first list that names it wins), added to ``triggers`` when given."""
    triggers = triggers if triggers is not None else {}
    for label in LABELS:
        path = Path(directory).resolve() / f"{label}.txt"
        if path.exists():
            for entry in read_list(path):
                triggers.setdefault(fold(entry), label)
    return triggers


def load_topics(directory: Path = GAZETTEERS / "topics") -> dict[str, str]:
    """Folded word → topic name, from ``topics/NAME.txt`` lists (e.g. sport, where cities name clubs)."""
    topics: dict[str, str] = {}
    for path in sorted(directory.glob("*.txt")):
        for entry in read_list(path):
            topics.setdefault(fold(entry), path.stem)
    return topics


@dataclass
class Clusters:
    """Word counts and cluster ids learnt from unlabelled news."""

    counts: dict[str, int] = field(default_factory=dict)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    levels: int = 0


def tsv_rows(path: Path | None):
    """Tab-separated rows of a shipped data file, ``#`` lines skipped; none when the file is absent."""
    if path is None or not Path(path).exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def load_clusters(path: Path | None) -> Clusters:
    """The clusters file at ``path`` (empty when there is none), read once per file version.

    Why cached: the entities and entity_rules stages of one model both read it; the object is
    shared, so treat it as read-only.
    """
    if path is None or not Path(path).exists():
        return Clusters()
    path = Path(path).resolve()
    return _read_clusters(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_clusters(path: Path, mtime_ns: int) -> Clusters:
    clusters = Clusters()
    for parts in tsv_rows(path):
        if len(parts) < 2:
            continue
        clusters.counts[parts[0]] = int(parts[1])
        if len(parts) > 2:
            clusters.ids[parts[0]] = tuple(parts[2:])
            clusters.levels = max(clusters.levels, len(parts) - 2)
    return clusters

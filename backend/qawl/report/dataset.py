"""What the annotated dataset holds: regions per label, quotes direct and indirect, who said what.

Each annotated task counts once, with its latest annotation (the gold, as
:func:`qawl.report.forecast.gold_annotation` picks it). Labels are counted over
every region of that annotation. A quote is **direct** when one pair of
quotation marks holds all of it and **indirect** otherwise, and its speaker is
the SPEAKER region its first ``said`` relation comes from, both exactly as
``qawl export-gold`` writes them (:func:`qawl.learning.export_gold.quote_record`).
Speakers are gathered into sources by :mod:`qawl.report.sources`.

``write_csv`` and ``write_jsonl`` write the who-said-what table one quote a
row: task id, source, the speaker as written, the quote, its type and offsets.
The CSV is UTF-8 with a byte-order mark, so that spreadsheet programs read its
Arabic as Arabic.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..labelstudio.history import History
from ..learning.export_gold import quote_record
from .forecast import gold_annotation
from .sources import SourceResolver, display_names, mention_of

__all__ = ["Dataset", "QuoteRow", "Source", "dataset_of", "write_csv", "write_jsonl"]

EXAMPLES = 2
EXAMPLE_CHARS = 140
QUOTE_COLUMNS = ("task_id", "source", "speaker", "quote", "type", "start", "end", "speaker_start", "speaker_end")


@dataclass
class QuoteRow:
    task_id: str
    source: str            # the source's name ("" for a quote without a speaker)
    speaker: str           # the SPEAKER mention as written in this task
    quote: str
    type: str              # direct | indirect
    start: int
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass
class Source:
    key: str
    name: str
    quotes: int = 0
    direct: int = 0
    indirect: int = 0
    tasks: set = field(default_factory=set)
    mentions: Counter = field(default_factory=Counter)  # the mentions as written -> how many quotes each
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "key": self.key, "quotes": self.quotes, "direct": self.direct,
                "indirect": self.indirect, "tasks": len(self.tasks), "mentions": dict(self.mentions.most_common()),
                "examples": list(self.examples)}


@dataclass
class Dataset:
    tasks: int = 0
    annotated_tasks: int = 0
    annotations: int = 0
    cancelled: int = 0
    labels: Counter = field(default_factory=Counter)
    said: int = 0
    direct: int = 0
    indirect: int = 0
    unattributed: int = 0
    quotes: list[QuoteRow] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"tasks": self.tasks, "annotated_tasks": self.annotated_tasks, "annotations": self.annotations,
                "cancelled": self.cancelled, "labels": dict(sorted(self.labels.items())), "said": self.said,
                "quotes": {"direct": self.direct, "indirect": self.indirect, "unattributed": self.unattributed},
                "sources": [source.as_dict() for source in self.sources]}


def _example(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1].rstrip() + "…"


def dataset_of(history: History) -> Dataset:
    dataset = Dataset(tasks=len(history.tasks))
    found = []  # (task id, text, quote dict, mention or None)
    for task in history.tasks:
        dataset.annotations += len(task.annotations)
        dataset.cancelled += task.cancelled
        annotation = gold_annotation(task)
        if annotation is None:
            continue
        dataset.annotated_tasks += 1
        dataset.labels.update(region.label for region in annotation.regions)
        doc = annotation.doc
        dataset.said += len(doc.said)
        for quote in quote_record(task.id, doc)["quotes"]:
            speaker = quote["speaker"]
            mention = mention_of(task.id, task.text, tuple(speaker), doc.entities) if speaker else None
            found.append((task.id, task.text, quote, mention))

    resolver = SourceResolver(mention for *_, mention in found if mention is not None)
    resolved = [(mention, resolver.resolve(mention)) for *_, mention in found if mention is not None]
    names = display_names(resolved)
    sources: dict[str, Source] = {}
    keys = iter(source for _, source in resolved)
    for task_id, text, quote, mention in found:
        kind = quote["type"]
        dataset.direct += kind == "direct"
        dataset.indirect += kind != "direct"
        row = QuoteRow(task_id, "", "", text[quote["start"]:quote["end"]], kind, quote["start"], quote["end"])
        if mention is None:
            dataset.unattributed += 1
        else:
            key = next(keys)
            source = sources.setdefault(key, Source(key, names[key]))
            source.quotes += 1
            source.direct += kind == "direct"
            source.indirect += kind != "direct"
            source.tasks.add(task_id)
            source.mentions[mention.text] += 1
            if len(source.examples) < EXAMPLES:
                source.examples.append(_example(row.quote))
            row.source, row.speaker = source.name, mention.text
            row.speaker_start, row.speaker_end = quote["speaker"]
        dataset.quotes.append(row)
    dataset.sources = sorted(sources.values(), key=lambda s: (-s.quotes, -len(s.tasks), s.name))
    return dataset


def write_csv(rows: list[QuoteRow], path: Path | str) -> Path:
    path = Path(path)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(QUOTE_COLUMNS)
        for row in rows:
            values = asdict(row)
            writer.writerow(["" if values[column] is None else values[column] for column in QUOTE_COLUMNS])
    return path


def write_jsonl(rows: list[QuoteRow], path: Path | str) -> Path:
    path = Path(path)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
    return path

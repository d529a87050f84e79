"""Gold datasets from annotators' work, in the files qawl's scorers and trainer read.

``qawl export-gold`` turns a project's annotations (the gold store under
``MODEL_DIR``, or a Label Studio JSON export) into:

* ``articles.jsonl``: ``{"id", "text"}`` for every exported task;
* ``entities.jsonl``: gold character spans (``qawl score-entities``);
* ``entities.conll``: ``TOKEN TAG`` lines in IOB2, a token tagged when an entity
  region covers any of it, as ANERcorp tags whole tokens (``qawl evaluate-ner``,
  ``qawl train --conll``);
* ``quotes.jsonl``: quotes with their type, speaker and the speaker's mentions
  (``qawl score-quotes``).

One annotation per task, the latest. An annotation joins a dataset only when it
has regions of that kind: a project that labels quotes alone says nothing about
entities, and an empty entity file would teach and score "no entities here".
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..arabic import fold as normalise
from ..document import split_sentences, tokenize
from ..evaluation.gold_files import text_digest
from ..gold_doc import GoldDoc
from ..labelstudio.annotations import parse_result
from ..quote_marks import is_direct
from .gold import storable_text

__all__ = ["ExportSummary", "latest_per_task", "conll_lines", "entity_record", "quote_record", "write_datasets"]


@dataclass
class ExportSummary:
    tasks: int = 0
    entity_tasks: int = 0
    quote_tasks: int = 0
    entities: int = 0
    quotes: int = 0
    rejected_regions: int = 0
    entities_sharing_a_token: int = 0
    labels: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def latest_per_task(rows) -> list[tuple[str, str, list]]:
    """``(task key, text, result)`` for the last row of each task, in task order; ``rows`` are ``(task key,
    text, result)`` in the order they were made, and a row without a task id carries its annotation's key."""
    latest: dict[str, tuple[str, list]] = {}
    for key, text, result in rows:
        latest[key] = (text, result)
    return [(key, *latest[key]) for key in sorted(latest, key=_natural)]


def _natural(key: str) -> tuple:
    """Task ids in number order (2 before 10), other keys after them."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def conll_lines(doc: GoldDoc, summary: ExportSummary | None = None) -> list[str]:
    """The document's tokens with IOB2 tags, one sentence after another, a blank line after each."""
    tokens = tokenize(doc.text)
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    owner = [None] * len(tokens)
    for index, (start, end, label) in enumerate(sorted(doc.entities)):
        covered = []
        i = _first_token_ending_after(tokens, starts, start)
        while i < len(tokens) and tokens[i].start < end:
            covered.append(i)
            i += 1
        if any(owner[i] is not None for i in covered):
            if summary is not None:
                summary.entities_sharing_a_token += 1
            continue
        for position, i in enumerate(covered):
            owner[i] = index
            tags[i] = ("B-" if position == 0 else "I-") + label
    lines: list[str] = []
    cursor = 0
    for _, sentence_end in split_sentences(doc.text):
        sentence = []
        while cursor < len(tokens) and tokens[cursor].start < sentence_end:
            sentence.append(f"{tokens[cursor].text} {tags[cursor]}")
            cursor += 1
        if sentence:
            lines.extend(sentence + [""])
    return lines


def _first_token_ending_after(tokens, starts, offset: int) -> int:
    i = max(0, bisect_right(starts, offset) - 1)
    while i < len(tokens) and tokens[i].end <= offset:
        i += 1
    return i


def entity_record(task_id: str, doc: GoldDoc) -> dict:
    return {"id": task_id, "sha256": text_digest(doc.text),
            "entities": [{"start": s, "end": e, "label": l} for s, e, l in sorted(doc.entities)]}


def quote_record(task_id: str, doc: GoldDoc) -> dict:
    """The quotes of one annotation in the shape of the shared quote gold files.

    A quote is ``direct`` when one pair of quotation marks holds all of it. Its
    ``speaker`` is the SPEAKER region its first ``said`` relation comes from;
    ``mentions`` are every SPEAKER region linked to it and every SPEAKER region
    of the text that reads the same (after normalisation), since the scorer
    accepts any mention of the source.
    """
    text = doc.text
    heads = defaultdict(list)
    for speaker, quote in doc.said:
        if speaker not in heads[quote]:
            heads[quote].append(speaker)
    by_reading = defaultdict(set)
    for start, end in doc.speakers:
        by_reading[normalise(text[start:end]).strip()].add((start, end))
    quotes = []
    for start, end in sorted(set(doc.quotes)):
        linked = heads.get((start, end), [])
        mentions = set(linked)
        for speaker in linked:
            mentions |= by_reading[normalise(text[slice(*speaker)]).strip()]
        quotes.append({"type": "direct" if is_direct(text, start, end) else "indirect",
                       "start": start, "end": end, "speaker": list(linked[0]) if linked else None,
                       "mentions": [list(m) for m in sorted(mentions)]})
    return {"id": task_id, "sha256": text_digest(text), "quotes": quotes}


def write_datasets(rows, out_dir: Path | str) -> ExportSummary:
    """Write the four files for ``rows`` (``(task key, text, result)``, oldest first) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    articles, entities, quotes, conll = [], [], [], []
    labels: set[str] = set()
    for task_id, text, result in latest_per_task(rows):
        text, result = storable_text(text), json.loads(storable_text(json.dumps(result, ensure_ascii=False)))
        doc = parse_result(text, result, key=task_id)
        summary.tasks += 1
        summary.rejected_regions += doc.rejected
        articles.append({"id": task_id, "text": text})
        if doc.entities:
            summary.entity_tasks += 1
            summary.entities += len(doc.entities)
            labels |= doc.entity_labels
            entities.append(entity_record(task_id, doc))
            conll.extend(conll_lines(doc, summary))
        if doc.quotes:
            summary.quote_tasks += 1
            summary.quotes += len(doc.quotes)
            quotes.append(quote_record(task_id, doc))
    summary.labels = sorted(labels)
    _write_jsonl(out / "articles.jsonl", articles)
    _write_jsonl(out / "entities.jsonl", entities)
    _write_jsonl(out / "quotes.jsonl", quotes)
    (out / "entities.conll").write_text("\n".join(conll) + ("\n" if conll else ""), encoding="utf-8")
    return summary


def _write_jsonl(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")

"""What an archive run writes for one article: a Label Studio task, quote records or entity records.

* ``label-studio``: the task with qawl's prediction, as ``qawl predict`` writes it for import
  (one task a line in a ``.jsonl`` shard, a JSON list in a ``.json`` one);
* ``quotes``: one flat record per quote the model found::

      {"article_id", "quote", "start", "end", "type", "speaker", "speaker_start", "speaker_end",
       "speaker_normalised", "score", "speaker_score"}

  ``type`` is what the quote stage said (``direct``, ``indirect``), the one ``qawl score-quotes``
  scores; a stage that says nothing gets :func:`qawl.quote_marks.is_direct`, the test the gold
  export applies to annotators' quotes. The speaker is the one of the quote's ``said`` links with
  the highest score (null, with null offsets, for a quote without one); ``score`` is the quote
  region's score, ``speaker_score`` the link's. ``speaker_normalised`` is :func:`normalise_speaker`;
* ``entities``: one record per entity, ``{"article_id", "text", "start", "end", "label", "score",
  "normalised"}``.

Offsets are Python string indices into the article's text, as everywhere in qawl.
"""

from __future__ import annotations

import json
import re

from ..arabic import fold
from ..document import Document, Span
from ..labelstudio.config import LabelMapping
from ..labelstudio.corpus import predicted_task
from ..quote_marks import is_direct

__all__ = ["FORMATS", "LABEL_STUDIO", "QUOTES", "ENTITIES", "entity_records", "json_line", "json_list_bytes",
           "normalise_speaker", "quote_records", "records_for"]

LABEL_STUDIO, QUOTES, ENTITIES = "label-studio", "quotes", "entities"
FORMATS = (LABEL_STUDIO, QUOTES, ENTITIES)

_SPACES = re.compile(r"\s+")


def json_list_bytes(tasks: list) -> bytes:
    """UTF-8 JSON, readable Arabic; all escaped when a lone surrogate (a ``\\ud800`` escape in the input)
    cannot be written as UTF-8."""
    try:
        return json.dumps(tasks, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(tasks, indent=1).encode("ascii")


def json_line(record: dict) -> bytes:
    """One JSON line, readable Arabic; escaped when a lone surrogate cannot be written as UTF-8."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record) + "\n").encode("ascii")


def normalise_speaker(doc: Document, speaker: Span) -> str:
    """A speaker's name for grouping quotes by speaker, modestly normalised.

    When the model found a person (a ``PER`` entity) inside the speaker region, that person's name
    is kept and the title or role around it dropped (``مدير المرصد رامي عبد الرحمن`` → ``رامي عبد
    الرحمن``), the longest such name when there are several; otherwise the whole region. Then the
    text is folded as every matcher in qawl folds it (:func:`qawl.arabic.fold`: no diacritics or
    tatweel, one alef, ى → ي), ``_`` becomes a space (hashtag names), runs of spaces become one, and
    punctuation at either end goes. No more: ``ترامب`` and ``دونالد ترامب`` stay two speakers, and an
    entity the model got wrong gives a wrong name.
    """
    persons = [s for s in doc.spans if s.group == "entity" and s.label == "PER"
               and speaker.start <= s.start and s.end <= speaker.end]
    chosen = max(persons, key=lambda s: (s.end - s.start, -s.start)) if persons else speaker
    text = _SPACES.sub(" ", fold(doc.text[chosen.start:chosen.end]).replace("_", " "))
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _quote_type(doc: Document, quote: Span) -> str:
    kind = quote.attrs.get("kind")
    if kind in ("direct", "indirect"):
        return kind
    return "direct" if is_direct(doc.text, quote.start, quote.end) else "indirect"


def quote_records(article_id, doc: Document) -> list[dict]:
    """The quotes corpus records of one article, in text order."""
    best: dict[int, tuple[float, int, Span]] = {}
    for relation in doc.relations:
        if relation.tail.label != "QUOTE" or relation.head.label != "SPEAKER":
            continue
        key = (relation.score, -relation.head.start)
        if id(relation.tail) not in best or key > best[id(relation.tail)][:2]:
            best[id(relation.tail)] = (*key, relation.head)
    records = []
    for quote in sorted(doc.spans_of("attribution", "QUOTE"), key=lambda s: (s.start, s.end)):
        link = best.get(id(quote))
        speaker = link[2] if link else None
        records.append({
            "article_id": article_id,
            "quote": doc.text[quote.start:quote.end],
            "start": quote.start,
            "end": quote.end,
            "type": _quote_type(doc, quote),
            "speaker": doc.text[speaker.start:speaker.end] if speaker else None,
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "speaker_normalised": normalise_speaker(doc, speaker) if speaker else None,
            "score": round(quote.score, 4),
            "speaker_score": round(link[0], 4) if link else None,
        })
    return records


def entity_records(article_id, doc: Document) -> list[dict]:
    """The entities corpus records of one article, in text order."""
    return [{"article_id": article_id, "text": doc.text[s.start:s.end], "start": s.start, "end": s.end,
             "label": s.label, "score": round(s.score, 4),
             "normalised": _SPACES.sub(" ", fold(doc.text[s.start:s.end])).strip()}
            for s in sorted(doc.spans_of("entity"), key=lambda s: (s.start, s.end, s.label))]


def records_for(fmt: str, task: dict, article_id, doc: Document, model_version: str, mapping: LabelMapping,
                label_config: str) -> list[dict]:
    """The records ``fmt`` writes for one annotated article."""
    if fmt == QUOTES:
        return quote_records(article_id, doc)
    if fmt == ENTITIES:
        return entity_records(article_id, doc)
    if fmt == LABEL_STUDIO:
        return [predicted_task(task, doc, model_version, mapping, label_config)]
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")

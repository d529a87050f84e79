"""Titles: a short name quoted after a work, outlet, body or event noun is one entity, labelled as
``title_heads.tsv`` says (``برنامج «حوار من القلب»`` MISC, ``صحيفة «الأهرام»`` ORG), unless a body's
noun has the writer's label in marks (``كحزب "إرهابي"``)."""

from __future__ import annotations

from ...document import Document
from .base import Lists, SpanEdits, Word, Words

MAX_WORDS = 6
_CLOSE = {"«": ("»",), "“": ("”",), '"': ('"',)}


def apply(doc: Document, words: Words, lists: Lists) -> None:
    heads = lists.lex.title_heads
    with SpanEdits(doc) as edits:
        for i, w in enumerate(words[:-2]):
            label = (heads.get(w.core) or heads.get(_without_pronoun(w.core))) if w.arabic else None
            if label is None or words[i + 1].text not in _CLOSE:
                continue
            close = _CLOSE[words[i + 1].text]
            end = next((k for k in range(i + 2, min(i + 2 + MAX_WORDS + 1, len(words)))
                        if words[k].text in close), None)
            if end is None or end == i + 2 or any(not words[k].arabic and not words[k].core.isalnum()
                                                     for k in range(i + 2, end)):
                continue
            if label == "ORG" and _adjective_shaped(words[i + 2]):
                continue  # a label the writer puts in marks, not a name: حزب "إرهابي", ناديه "إيجابي جدا"
            edits.replace(words[i + 2].start - len(words[i + 2].prefix), words[end - 1].end, label)


def _adjective_shaped(word: Word) -> bool:
    """An indefinite nisba-shaped word (إرهابي, إيجابية): an adjective, which no body's name starts with
    (a work's may: فيلم "ثانية واحدة")."""
    return word.arabic and not word.core.startswith("ال") and word.core.endswith(("ي", "ية")) and len(word.core) >= 5


def _without_pronoun(word: str) -> str:
    """The noun without a possessive suffix: برنامجها → برنامج, كتابه → كتاب."""
    for suffix in ("هما", "ها", "هم", "ه"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word

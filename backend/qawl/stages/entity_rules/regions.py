"""Regions: a countryside noun before a place makes one region with it, as the guidelines write
``ريف دمشق`` (LOC). The tagger reads the city alone or ``ريف`` and the city as two places; the
region starts at the noun (``بريف إدلب`` → ``ريف إدلب``). The nouns are in ``region_heads.txt``."""

from __future__ import annotations

from ...document import Document
from .base import Lists, SpanEdits, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    heads = lists.lex.region_heads
    with SpanEdits(doc) as edits:
        for i in range(len(words) - 1):
            head, place = words[i], words[i + 1]
            if head.core not in heads or place.prefix or not words.joined(i + 1):
                continue
            region = next((s for s in edits.overlapping(place.start, place.end)
                           if s.label == "LOC" and s.start == place.start), None)
            on_head = edits.overlapping(head.start, head.end)
            if region is None or any(s.label != "LOC" for s in on_head):
                continue
            edits.remove([s for s in on_head if s is not region])
            region.start = head.start
            edits.moved(region)

"""Trim: a generic descriptor stays outside the name it introduces (``حركة فتح`` → ``فتح``,
``مدينة دوما`` → ``دوما``) unless it belongs to it (``وكالة الأنباء``); a span that began with a
place noun is the place (LOC)."""

from __future__ import annotations

from ...document import ENTITY, Document
from .base import Lists, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    lex = lists.lex
    for span in doc.spans_of(ENTITY):
        i = words.by_start.get(span.start)
        if i is None or i + 1 >= len(words) or words[i + 1].end > span.end:
            continue
        head, following = words[i].core, words[i + 1]
        keep = lex.generic.get(head) if span.label in ("ORG", "PER", "MISC") else None
        if keep is None and head in lex.loc_heads and span.label in ("LOC", "PER", "ORG"):
            keep = frozenset()
        if keep is None or following.core in keep or not following.arabic and not following.core.isalnum():
            continue
        if head in lex.loc_heads:
            span.label = "LOC"
        span.start = following.start

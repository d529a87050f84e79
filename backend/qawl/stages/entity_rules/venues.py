"""Venues: the name after a building noun is the building's, MISC with the noun outside, when the
tagger read it as a person (``ملعب ثاني بن جاسم``, ``مطار جون كينيدي``) or, after a ground or palace
noun, as a place no list knows (``ملعب سانتياغو برنابيو``); a known city stays LOC (``استاد الدوحة``),
as does any airport named after its city (``مطار وهران``): see ``venue_heads.tsv``."""

from __future__ import annotations

from ...document import ENTITY, Document
from .base import Lists, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    for span in doc.spans_of(ENTITY):
        i = words.by_start.get(span.start)
        if i is None or i == 0 or span.label not in ("PER", "LOC") or words[i].prefix:
            continue
        names = lists.lex.venue_heads.get(words[i - 1].core)
        if names is None or not words.joined(i):
            continue
        if span.label == "LOC":
            if names != "any":
                continue  # مطار وهران: an airport named after its city
            if " ".join(words[k].core for k in words.within(span.start, span.end)) in lists.places:
                continue
        span.label = "MISC"

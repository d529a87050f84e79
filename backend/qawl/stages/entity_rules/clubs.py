"""Clubs: a city tagged LOC is the club when a country's masculine nisba follows it (``برشلونة
الإسباني``; the city is feminine: ``برشلونة الإسبانية``) or ``نادي`` or ``فريق`` comes before it
(``نادي موناكو``)."""

from __future__ import annotations

from ...document import ENTITY, Document
from .base import Lists, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    lex = lists.lex
    for span in doc.spans_of(ENTITY):
        if span.label != "LOC":
            continue
        first, last = words.by_start.get(span.start), words.by_end.get(span.end)
        if first is None or last is None:
            continue
        name = " ".join([words[first].core] + [w.text for w in words[first + 1:last + 1]])
        after = words[last + 1] if last + 1 < len(words) else None
        nisba_after = (after is not None and not after.prefix and after.core in lex.country_nisba
                       and first == last and not words[first].core.startswith("ال")
                       and name not in lex.countries and words.joined(last + 1))
        club_before = (first > 0 and words[first - 1].core in lex.club_heads and not words[first].prefix
                       and words.joined(first))
        if nisba_after or club_before:
            span.label = "ORG"

"""Trim: a generic descriptor stays outside the name it introduces (``حركة فتح`` → ``فتح``,
``مدينة دوما`` → ``دوما``) unless it belongs to it (``وكالة الأنباء``); a span that began with a
place noun is the place (LOC). The descriptor's own nationality adjective stays outside too
(``صحيفة أحوال التركية`` → ``أحوال``)."""

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
            if i > 0 and words[i - 1].core in lex.generic and words.joined(i) and span.label in ("ORG", "MISC"):
                _drop_heads_adjective(span, words, i, lex)  # the descriptor was outside already
            continue
        if head in lex.loc_heads:
            span.label = "LOC"
        span.start = following.start
        if head in lex.generic:
            _drop_heads_adjective(span, words, i + 1, lex)


def _drop_heads_adjective(span, words: Words, first: int, lex) -> None:
    """End the name before a last word that is a feminine nisba (التركية) agreeing with the descriptor
    trimmed from it (صحيفة، شركة، ميليشيات), not with the name: ``ميليشيات الحوثي الإيرانية`` → ``الحوثي``.
    A definite feminine word before it may be what it agrees with, so it stays (``حركة المقاومة الإسلامية``)."""
    last = words.by_end.get(span.end)
    if last is None or last <= first:
        return
    adjective, before = words[last].core, words[last - 1].core
    if (adjective in lex.nisba and adjective.startswith("ال") and adjective.endswith("ة") and not words[last].prefix
            and not (before.startswith("ال") and before.endswith("ة"))):
        span.end = words[last - 1].end

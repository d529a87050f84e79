"""Currencies: a currency word the tagger left untagged is MISC (``الدولار``, ``الليرة``);
``ريال`` before a name is the club (``ريال مدريد``)."""

from __future__ import annotations

from ...document import Document
from .base import Lists, SpanEdits, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    lex = lists.lex
    with SpanEdits(doc) as edits:
        for j, w in enumerate(words):
            if w.core not in lex.currencies or not w.arabic:
                continue
            nxt = words[j + 1] if j + 1 < len(words) else None
            if (nxt is not None and nxt.arabic and not nxt.prefix and w.core in ("ريال", "الريال")
                    and nxt.core not in lex.nationality):
                continue
            if not edits.overlapping(w.start, w.end):
                edits.add(w.start, w.end, "MISC")

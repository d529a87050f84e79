"""Designators: Latin capitals, a hyphen and a number (``F-16``, ``S-400``, ``MQ-9B``, ``F/A-18``) name an
aircraft, a weapon or a craft, a MISC. Arabic news writes them in Latin letters inside Arabic text, where the
tagger, trained on Arabic words, finds nothing. Not a base or a grade named so (``قاعدة T-4``, ``الدرجة A-2``)."""

from __future__ import annotations

import re

from ...arabic import fold
from ...document import Document
from .base import Lists, SpanEdits, Words

# Latin letters and digits only around it, so a glued و or ب stays outside (وMQ-9B)
_DESIGNATOR = re.compile(r"(?<![A-Za-z0-9/-])[A-Z]{1,3}(?:/[A-Z]{1,3})?-\d{1,4}[A-Z]{0,2}(?![A-Za-z0-9-])")
_NAMED_SO = frozenset(fold(w) for w in ("قاعدة", "القاعدة", "مطار", "الدرجة", "درجة", "تصنيف"))


def apply(doc: Document, words: Words, lists: Lists) -> None:
    text = doc.text
    with SpanEdits(doc) as edits:
        for found in _DESIGNATOR.finditer(text):
            start, end = found.span()
            if edits.overlapping(start, end):
                continue
            before = text[max(0, start - 16):start].replace('"', " ").split()
            if before and fold(before[-1]) in _NAMED_SO:
                continue  # قاعدة "T-4" الجوية: a base's name
            edits.add(start, end, "MISC")

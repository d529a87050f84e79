"""Quotation marks and the test that says a quote is direct: one pair of marks holds all of it.

A leaf module (it imports nothing from qawl), shared by the gold export
(:mod:`qawl.learning.export_gold`, the type of an annotated quote) and the
archive's quotes corpus (:mod:`qawl.archive.formats`, the type of a predicted
quote whose stage did not say it).
"""

from __future__ import annotations

__all__ = ["CLOSING_OF", "is_direct"]

# An opening mark and the marks that close it.
CLOSING_OF = {"«": "»", "“": "”", "„": "“”", '"': '"', "'": "'", "‘": "’", "‹": "›"}


def is_direct(text: str, start: int, end: int) -> bool:
    """True when one pair of quotation marks holds the whole quote ``text[start:end]``.

    The opening mark is just before the span (the guidelines leave the marks out) or its first
    character (an annotator who kept them in). Its closing mark must not come inside the span: in
    ``أنه "طوّق" مدينة عفرين`` the mark closes after one word, so the clause is a mixed, indirect
    quote. A straight mark inside with a space before it opens rather than closes (a stray mark
    in the source), and the closing mark is not required after the span: a quote may lose it.
    """
    opening = start if start < end and text[start] in CLOSING_OF else start - 1
    while opening >= 0 and opening < start and text[opening].isspace():
        opening -= 1
    if opening < 0 or text[opening] not in CLOSING_OF:
        return False
    closers = CLOSING_OF[text[opening]]
    for i in range(max(start, opening + 1), end - 1):
        if text[i] in closers and (text[i] != text[opening] or not text[i - 1].isspace()):
            return False
    return True

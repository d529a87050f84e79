"""Currencies: a currency word the tagger left untagged is MISC (``الدولار``, ``الليرة``);
``ريال`` before a name is the club (``ريال مدريد``), and so is ``ريال``/``الريال`` alone in an article that
names the club, unless it reads as money there (``مليار ريال``, ``الريال اليمني``, ``سعر الريال``)."""

from __future__ import annotations

from ...arabic import fold
from ...document import ENTITY, Document
from .base import Lists, SpanEdits, Words

_RIYAL = frozenset(("ريال", "الريال"))
# words before a currency that make it money: amounts, and what a currency has (سعر الريال, قيمة الريال)
_MONEY_BEFORE = frozenset(fold(w) for w in ("ألف", "آلاف", "ألفا", "مليون", "ملايين", "مليار", "مليارات",
                                            "تريليون", "سعر", "صرف", "عملة", "العملة", "قيمة", "مقابل"))


def apply(doc: Document, words: Words, lists: Lists) -> None:
    lex = lists.lex
    club = _names_the_club(doc, words)
    with SpanEdits(doc) as edits:
        for j, w in enumerate(words):
            if w.core not in lex.currencies or not w.arabic:
                continue
            found = edits.overlapping(w.start, w.end)
            nxt = words[j + 1] if j + 1 < len(words) else None
            before_a_name = (nxt is not None and nxt.arabic and not nxt.prefix and w.core == "ريال"
                             and nxt.core not in lex.nationality)  # ريال مدريد: the tagger's to find
            the_club = club and w.core in _RIYAL and not _reads_as_money(words, j, lex.nationality)
            if not found:
                if not before_a_name:
                    edits.add(w.start, w.end, "ORG" if the_club else "MISC")  # عرض الريال: the club
            elif the_club and len(found) == 1 and found[0].label == "MISC" and (
                    found[0].start == w.start and found[0].end == w.end):
                found[0].label = "ORG"  # the tagger read the club as the currency (سفينة الريال)


def _names_the_club(doc: Document, words: Words) -> bool:
    """Does an ORG span of the document start with ``ريال`` and go on (``ريال مدريد``, ``ريال سوسيداد``)?"""
    for span in doc.spans_of(ENTITY, "ORG"):
        inside = words.within(span.start, span.end)
        if len(inside) > 1 and words[inside[0]].core == "ريال":
            return True
    return False


def _reads_as_money(words: Words, j: int, nationality: frozenset[str]) -> bool:
    """Is the riyal at ``j`` money: after a number or an amount, after سعر or قيمة, or before a
    nationality (``ريال سعودي``, ``الريال الإيراني``)?"""
    before = words[j - 1] if j > 0 else None
    after = words[j + 1] if j + 1 < len(words) else None
    if before is not None and (any(c.isdigit() for c in before.core) or before.core in _MONEY_BEFORE):
        return True
    return after is not None and not after.prefix and after.core in nationality

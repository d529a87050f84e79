"""Drop: a nationality adjective, a people or an anaphoric noun alone is not an entity
(``الأكراد``, ``السوري``, ``الحكومة``), nor a descriptor with only a judgement after it
(``الميليشيات الانقلابية``), nor a country's name where it is the adjective of the noun before it
(``العاصمة السعودية``), nor a month's name the tagger read as a company (``نيسان/أبريل``: Nissan), nor a
preposition or pronoun the tagger read as a name (``أمام``, ``لديك``, ``قال لي``: "told me")."""

from __future__ import annotations

import re

from ...document import ENTITY, Document, Span
from .base import Lists, Words


# Countries whose short name is also the feminine nisba of their people: after a definite noun that is
# no name, the word is the adjective agreeing with it (المناطق السعودية, ناقلة النفط السعودية); after a
# preposition, a verb or a name it is the country (في السعودية, الولايات المتحدة والسعودية).
ADJECTIVE_COUNTRIES = frozenset({"السعودية"})


# The Syriac month names that are also names (نيسان: Nissan; تموز: Tammuz; آب, أيار), when the Gregorian month
# follows them (نيسان/أبريل، تموز (يوليو)) or a day's number comes before (15 نيسان)
_MONTHS = frozenset({"نيسان", "تموز", "آب", "أيار", "آذار", "شباط", "حزيران", "أيلول"})
_GREGORIAN_AFTER = re.compile(r"\s*[/(]\s*(?:يناير|فبراير|مارس|[أإا]بريل|مايو|يونيو|يوليو|[أا]غسطس|سبتمبر)")
_DAY_BEFORE = re.compile(r"\d\s*$")
# Words as written that are never a name alone: أمام "in front of" (the name is إمام), لدى with a pronoun
_FUNCTION_WORDS = frozenset({"أمام", "لدي", "لديك", "لديه", "لديها", "لدينا", "لديهم", "لديكم"})
# verbs of saying after which لي is "to me", not the surname Lee (قال لي إن)
_SAID = frozenset({"قال", "وقال", "فقال", "قالت", "وقالت", "فقالت", "يقول", "تقول", "قالوا", "وقالوا"})


def apply(doc: Document, words: Words, lists: Lists) -> None:
    spans = doc.spans_of(ENTITY)
    doc.remove_spans([span for span in spans if _not_a_name(span, words, lists)
                      or _judged_description(span, words, lists) or _adjective(span, words, spans)
                      or _month(span, doc.text) or _function_word(span, words)])


def _month(span: Span, text: str) -> bool:
    """Is ``span`` a month's name, dated as one (في نيسان/أبريل، 15 تموز)?"""
    return text[span.start:span.end] in _MONTHS and bool(
        _GREGORIAN_AFTER.match(text, span.end) or _DAY_BEFORE.search(text, max(0, span.start - 4), span.start))


def _not_a_name(span: Span, words: Words, lists: Lists) -> bool:
    inside = words.within(span.start, span.end)
    if len(inside) != 1:
        return False
    core, lex = words[inside[0]].core, lists.lex
    if core in lists.places:
        return False
    # a people is never a name (الأكراد، السوريون), though a bare كينيون may be Kenyon; a nationality
    # adjective may be a family name (المصري, PER) or a club (العربي, ORG)
    return (core in lex.plural_peoples and (span.label != "PER" or core.startswith("ال"))
            or core in lex.nationality and span.label in ("LOC", "MISC")
            or core in lex.anaphoric and span.label != "PER")


def _judged_description(span: Span, words: Words, lists: Lists) -> bool:
    """A definite descriptor followed only by judgements of the group: no name is there."""
    inside = words.within(span.start, span.end)
    if len(inside) < 2:
        return False
    head, lex = words[inside[0]].core, lists.lex
    described = head in lex.anaphoric or head.startswith("ال") and head[2:] in lex.generic
    return described and all(words[k].core in lex.epithets for k in inside[1:])


def _adjective(span: Span, words: Words, spans: list[Span]) -> bool:
    """Is ``span`` a country name read as the adjective of the definite noun before it?"""
    i = words.by_start.get(span.start)
    if (i is None or i == 0 or span.label != "LOC" or words[i].end != span.end
            or words[i].core not in ADJECTIVE_COUNTRIES):
        return False
    before = words[i - 1]
    definite_noun = before.core.startswith("ال") and len(before.core) >= 5  # not إلى (folded الي) nor الذي
    return (not words[i].prefix and words.joined(i) and before.arabic and definite_noun
            and not any(s.start < before.end and before.start < s.end for s in spans))


def _function_word(span: Span, words: Words) -> bool:
    """Is ``span`` one word that is a preposition or pronoun as written (أمام، لديك), or لي after قال?"""
    inside = words.within(span.start, span.end)
    if len(inside) != 1:
        return False
    i = inside[0]
    w = words[i]
    written = words.text[w.start - len(w.prefix):w.end]
    return written in _FUNCTION_WORDS or (written == "لي" and i > 0 and words[i - 1].text in _SAID)

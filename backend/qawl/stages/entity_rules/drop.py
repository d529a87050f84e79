"""Drop: a nationality adjective, a people or an anaphoric noun alone is not an entity
(``الأكراد``, ``السوري``, ``الحكومة``), nor a descriptor with only a judgement after it
(``الميليشيات الانقلابية``), nor a country's name where it is the adjective of the noun before it
(``العاصمة السعودية``)."""

from __future__ import annotations

from ...document import ENTITY, Document, Span
from .base import Lists, Words


# Countries whose short name is also the feminine nisba of their people: after a definite noun that is
# no name, the word is the adjective agreeing with it (المناطق السعودية, ناقلة النفط السعودية); after a
# preposition, a verb or a name it is the country (في السعودية, الولايات المتحدة والسعودية).
ADJECTIVE_COUNTRIES = frozenset({"السعودية"})


def apply(doc: Document, words: Words, lists: Lists) -> None:
    spans = doc.spans_of(ENTITY)
    doc.remove_spans([span for span in spans if _not_a_name(span, words, lists)
                      or _judged_description(span, words, lists) or _adjective(span, words, spans)])


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

"""Drop: a nationality adjective, a people or an anaphoric noun alone is not an entity
(``الأكراد``, ``السوري``, ``الحكومة``)."""

from __future__ import annotations

from ...document import ENTITY, Document, Span
from .base import Lists, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    doc.remove_spans([span for span in doc.spans_of(ENTITY) if _not_a_name(span, words, lists)])


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

"""Trim: a generic descriptor stays outside the name it introduces (``حركة فتح`` → ``فتح``,
``مدينة دوما`` → ``دوما``) unless it belongs to it (``وكالة الأنباء``); a span that began with a
place noun is the place (LOC). The descriptor's own nationality adjective stays outside too
(``صحيفة أحوال التركية`` → ``أحوال``), and a listed place after a descriptor is the place (``شرطة
لاس فيغاس`` → LOC ``لاس فيغاس``)."""

from __future__ import annotations

from ...document import ENTITY, Document, Span
from .base import Lists, Words
from .lexicon import RuleLexicon


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
    for span in doc.spans_of(ENTITY):
        if span.label == "ORG":
            _place_after_descriptor(span, words, lists)


def _place_after_descriptor(span: Span, words: Words, lists: Lists) -> None:
    """A listed place (and no listed organisation) right after a descriptor or a place noun is the place,
    whatever body the descriptor names: ``شرطة لاس فيغاس``, ``ميليشيات إيران``, ``مدينة لاس فيغاس`` → LOC.
    A club is the exception (نادي موناكو: see :mod:`.clubs`)."""
    lex = lists.lex
    inside = words.within(span.start, span.end)  # by the words, not their starts: لاس keeps its ل here
    if not inside or inside[0] == 0 or words[inside[-1]].end != span.end or not words.joined(inside[0]):
        return
    i, last = inside[0], inside[-1]
    head = words[i - 1].core
    if head not in lex.generic and head not in lex.loc_heads or head in lex.club_heads:
        return
    # لاس of لاس فيغاس is read as ل + اس: the name is also looked up with its first word whole
    for name in dict.fromkeys((words.name(i, last), words.name(i, last, whole_first=True))):
        labels = lists.names.get(name, "").split("|")
        if "LOC" in labels and "ORG" not in labels:
            span.label = "LOC"
            return


def _drop_heads_adjective(span: Span, words: Words, first: int, lex: RuleLexicon) -> None:
    """End the name before a last word that is a feminine nisba (التركية) agreeing with the descriptor
    trimmed from it (صحيفة، شركة، ميليشيات), not with the name: ``ميليشيات الحوثي الإيرانية`` → ``الحوثي``;
    the same for a judgement of the group (``ميليشيات الحوثي الانقلابية``, ``group_epithets.txt``).
    A definite feminine word before it may be what it agrees with, so it stays (``حركة المقاومة الإسلامية``)."""
    last = words.by_end.get(span.end)
    if last is None or last <= first:
        return
    adjective, before = words[last].core, words[last - 1].core
    feminine_nisba = adjective in lex.nisba and adjective.startswith("ال") and adjective.endswith("ة")
    agrees = feminine_nisba or adjective in lex.epithets
    if agrees and not words[last].prefix and not (before.startswith("ال") and before.endswith("ة")):
        span.end = words[last - 1].end

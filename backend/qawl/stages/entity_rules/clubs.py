"""Clubs: a city tagged LOC is the club when a country's masculine nisba follows it (``برشلونة
الإسباني``; the city is feminine: ``برشلونة الإسبانية``) or ``نادي`` or ``فريق`` comes before it
(``نادي موناكو``). A club's or company's nationality stays outside its name, as ANERcorp and the
recent-news gold both leave it (``يوفنتوس الإيطالي``, ``الهلال السعودي``, ``فيردر بريمن الألماني``)."""

from __future__ import annotations

from ...arabic import fold
from ...document import ENTITY, Document, Span
from .base import Lists, Words
from .lexicon import RuleLexicon


def apply(doc: Document, words: Words, lists: Lists) -> None:
    lex = lists.lex
    for span in doc.spans_of(ENTITY):
        first, last = words.by_start.get(span.start), words.by_end.get(span.end)
        if first is None or last is None:
            continue
        if span.label == "ORG":
            _drop_nationality(span, words, first, last, lex)
        elif span.label == "PER" and first == last and _after_a_sports_role(words, first):
            span.label = "ORG"  # حارس إستوديانتس: one word after a player's noun is his club
        elif span.label == "LOC":
            name = words.name(first, last)
            after = words[last + 1] if last + 1 < len(words) else None
            nisba_after = (after is not None and not after.prefix and after.core in lex.country_nisba
                           and first == last and not words[first].core.startswith("ال")
                           and name not in lex.countries and words.joined(last + 1))
            club_before = (first > 0 and words[first - 1].core in lex.club_heads and not words[first].prefix
                           and words.joined(first))
            if nisba_after or club_before or _after_a_sports_role(words, first) and name not in lex.countries:
                span.label = "ORG"


# A player's or coach's noun, indefinite, governs the club it belongs to (لاعب وسط روما, مهاجم إيفرتون):
# a city after it is the club. A country after it is its national team, which ANERcorp tags LOC.
SPORTS_ROLES = frozenset(fold(w) for w in ("لاعب", "لاعبو", "لاعبي", "مهاجم", "مهاجمو", "مدافع", "حارس",
                                           "مدرب", "مدربو", "نجم", "نجوم", "هداف"))
_POSITIONS = frozenset(("وسط", "خط"))  # لاعب وسط روما, لاعب خط وسط ليفربول


def _after_a_sports_role(words: Words, first: int) -> bool:
    """Does an indefinite player's or coach's noun govern the word at ``first`` (a position word between)?"""
    k = first - 1
    while k > 0 and words[k].core in _POSITIONS and not words[k].prefix and words.joined(k + 1):
        k -= 1
    return k >= 0 and words[k].core in SPORTS_ROLES and words.joined(k + 1) and not words[first].prefix


def _drop_nationality(span: Span, words: Words, first: int, last: int, lex: RuleLexicon) -> None:
    """End an ORG span before its last word when that is a country's masculine nisba and no word before
    it is a head noun: a proper name is described by the nisba, while a name built on a head holds it
    (الجيش السوري, البنك المركزي المصري: see :mod:`.phrases`)."""
    if last <= first or words[last].core not in lex.country_nisba or words[last].prefix:
        return
    if not any(w.core in lex.all_heads for w in words[first:last]):
        span.end = words[last - 1].end

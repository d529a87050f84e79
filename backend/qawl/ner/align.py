"""From token tags to character spans, with the guidelines' clitic rule.

A tagged entity covers whole tokens (as ANERcorp tags them); its character
span starts after the first token's proclitics (``وسوريا`` → ``سوريا``,
``للعراق`` → ``لعراق``) and ends with the last token. The split is decided
on the folded token and mapped back through the token's own index, so
diacritics and tatweel inside or around a name never shift an offset.

Names joined by the conjunction stay separate entities (``ترامب وماكرون`` are
two people, ``فرنسا وألمانيا`` two countries): a person or place entity is
cut before a token the segmenter reads as ``و`` + word, even when the tagger
ran them together. Organisations are cut only before ``و`` + a listed name
(``أرسنال وموناكو``), because their names join common words with ``و``
(``وزارة العمل والشؤون الاجتماعية``); work names are never cut. Names whose
first letter is ``و`` (``وليد``، ``ولد``) are not read as ``و`` + word, and a name's
first letter is not read as a preposition when what is left could not follow one
(``بوروسيا`` keeps its ``ب``).
"""

from __future__ import annotations

from typing import Container, Sequence

from ..arabic import fold, fold_with_index
from ..document import Token
from .conll import entities_of
from .segment import Segmenter

CharEntity = tuple[int, int, str, int, int]  # start, end, label, first token, end token
CUT_BEFORE_CONJUNCTION = ("PER", "LOC")    # cut before any و + word
CUT_BEFORE_LISTED_NAME = ("ORG",)          # cut only before و + a listed name
# ك ("like") rarely stands before a name in news; at the start of a name it is far more often the name's
# own first letter, so it comes off only before a listed name or the article (كمصر → مصر,
# كالعراق → العراق, but كريل stays كريل).
NAME_LETTER_MORE_OFTEN = ("ك",)
PREPOSITIONS = "بلك"
PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def clitic_offset(token_text: str, segmenter: Segmenter) -> int:
    """How many characters of ``token_text`` precede the name (0 when nothing is stripped)."""
    folded, index = fold_with_index(token_text)
    seg = segmenter(folded)
    if seg.strip <= 0 or seg.strip >= len(folded):
        return 0
    if seg.prefix in NAME_LETTER_MORE_OFTEN and not seg.core.startswith("ال") and seg.core not in segmenter.names:
        return 0
    strip = seg.strip
    if seg.prefix[-1] in PREPOSITIONS and not _name_after_preposition(seg.core, segmenter):
        strip -= 1  # the preposition is the name's own letter; a conjunction before it still comes off
    return index[strip] if strip > 0 else 0


def _name_after_preposition(core: str, segmenter: Segmenter) -> bool:
    """Can ``core`` be what follows a preposition at the start of a name? Not when it reads as the
    conjunction + a word, which never follows a preposition (بوروسيا is not ب + و + روسيا; بوزارة is
    ب + وزارة, بواشنطن is ب + واشنطن)."""
    return core in segmenter.names or not segmenter(core).prefix.startswith(("و", "ف"))


def split_coordinated_names(tokens: Sequence[Token], tags: Sequence[str], segmenter: Segmenter) -> list[str]:
    """``tags`` with a new entity begun at each inner token that is ``و`` + a second name.

    Person and place entities are cut before any ``و`` + word; organisations only before
    ``و`` + a listed name (``أرسنال وموناكو``), since their own names join common words with ``و``.
    """
    out = list(tags)
    for i in range(1, len(out)):
        label = out[i][2:]
        if not out[i].startswith("I-") or label not in CUT_BEFORE_CONJUNCTION + CUT_BEFORE_LISTED_NAME:
            continue
        seg = segmenter(fold(tokens[i].text))
        if seg.prefix.startswith("و") and (label in CUT_BEFORE_CONJUNCTION or seg.core in segmenter.names):
            out[i] = "B-" + label
    return out


def tags_to_spans(tokens: Sequence[Token], tags: Sequence[str], segmenter: Segmenter,
                  listed: Container[str] = frozenset()) -> list[CharEntity]:
    """Character entities from IOB2 tags over ``tokens`` (offsets into the tokens' text). An entity that
    begins with a ``listed`` (folded) name of several words starts where that name does: its first
    letters are the name's (``لاس فيغاس`` is not ``ل`` + ``اس فيغاس``), as a listed one-word name's are."""
    spans: list[CharEntity] = []
    for label, first, last in entities_of(split_coordinated_names(tokens, tags, segmenter)):
        offset = _listed_name_offset(tokens[first:last], listed) if listed else None
        start = tokens[first].start + (clitic_offset(tokens[first].text, segmenter) if offset is None else offset)
        end = tokens[last - 1].end
        if start < end:
            spans.append((start, end, label, first, last))
    return spans


def _listed_name_offset(tokens: Sequence[Token], listed: Container[str], longest: int = 4) -> int | None:
    """Where in the first token a listed name of several words begins (after at most two proclitic
    letters: ولاس فيغاس), or None when the tokens do not begin with one."""
    if len(tokens) < 2:
        return None
    folded, index = fold_with_index(tokens[0].text)
    rest = [fold(t.text) for t in tokens[1:longest]]
    for strip in range(min(3, len(folded) - 1)):
        if folded[:strip] not in PROCLITICS:
            continue  # the article is part of the name: الفايننشال تايمز keeps its ال
        if any(" ".join([folded[strip:], *rest[:size]]) in listed for size in range(1, len(rest) + 1)):
            return index[strip] if strip else 0
    return None


def spans_to_tags(tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``tokens`` from character spans: a token overlapping a span is inside it."""
    tags = ["O"] * len(tokens)
    for start, end, label in sorted(spans):
        inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        tags[inside[0]] = "B-" + label
        for i in inside[1:]:
            tags[i] = "I-" + label
    return tags

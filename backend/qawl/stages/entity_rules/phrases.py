"""Phrases: an organisation head noun with its nationality adjective or name words is one ORG
(``الجيش التركي``, ``وزارة المالية المصرية``, ``صندوق النقد الدولي``), a named competition or war
one MISC (``كأس العالم 2018``), over the tagger's fragments of it.

A ``ل`` complement naming the body's field stays in the name (``الوكالة الدولية للطاقة الذرية``,
``الاتحاد الدولي لكرة القدم``) unless it reads as a verb's complement (``للمرة الأولى``, a place,
a listed body already complete). The heads and their kinds are in ``org_heads.tsv`` and
``misc_heads.tsv``.
"""

from __future__ import annotations

import re

from ...document import ENTITY, Document, Span
from .base import Lists, SpanEdits, Word, Words

MAX_WORDS = 7
_YEAR = re.compile(r"(?:19|20)\d\d$")
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن", "نا", "كم")
_OWNED_COUNTRY = frozenset({"بلاده", "بلادها", "بلادهم", "بلده", "بلدها", "بلدهم", "بلادنا", "بلدنا"})


def apply(doc: Document, words: Words, lists: Lists) -> None:
    finder = _Finder(words, lists, _covering(doc, words))
    with SpanEdits(doc) as edits:
        i = 0
        while i < len(words):
            found = finder.phrase_at(i)
            if found is not None and edits.replace(words[i].start, words[found[0]].end, found[1]):
                i = found[0] + 1
            else:
                i += 1


def _covering(doc: Document, words: Words) -> dict[int, Span]:
    """Word index -> the entity span containing it, as the tagger and the earlier rules left them."""
    return {j: span for span in doc.spans_of(ENTITY) for j in words.within(span.start, span.end)}


class _Finder:
    """The phrase, if any, that starts at each word of one document."""

    def __init__(self, words: Words, lists: Lists, covering: dict[int, Span]):
        self.words, self.lex, self.places, self.names = words, lists.lex, lists.places, lists.names
        self.covering = covering

    def phrase_at(self, i: int) -> tuple[int, str] | None:
        """The index of the phrase's last word and its label."""
        words, lex = self.words, self.lex
        w = words[i]
        if not w.arabic:
            return None
        before = words[i - 1] if i > 0 else None
        # الخارجية after a minister title is the job; after a definite noun it is an adjective
        # (السياسة الخارجية الأمريكية)
        job = before is not None and w.core in lex.portfolio_heads and not w.prefix and (
            before.core in lex.minister_titles
            or before.core.startswith("ال") and not before.prefix and before.core not in lex.stop
            and words.joined(i))
        for label, heads in (("ORG", lex.org_heads), ("MISC", lex.misc_heads)):
            kinds = () if job and label == "ORG" else heads.get(w.core, ())
            if not kinds and label == "ORG" and i + 1 < len(words) and words[i + 1].core in lex.generic.get(w.core, ()):
                kinds = ("construct",)  # a generic head that belongs to this name: تنظيم الدولة الإسلامية
            for kind in kinds:
                inner_is_portfolio = i + 1 < len(words) and words[i + 1].core in lex.portfolio_heads
                if kind != "national" and not inner_is_portfolio and self._inner_phrase(i + 1):
                    return None  # وحدات الجيش اللبناني: the name is the inner phrase
                end = self._complement(i, kind, label)
                if end is not None:
                    return end, label
        return None

    def _inner_phrase(self, j: int) -> bool:
        """Does a definite head at ``j`` start a complete name of its own?"""
        words = self.words
        if j >= len(words) or words[j].prefix or "national" not in self.lex.org_heads.get(words[j].core, ()):
            return False
        return self._complement(j, "national", "ORG") is not None

    def _complement(self, i: int, kind: str, label: str) -> int | None:
        """Index of the last word of the name built on the head at ``i``, or None.

        After the head: up to two indefinite nouns of a construct chain (وحدات حماية …), then
        definite nouns (construct heads only) and name adjectives, then a nationality or scope
        adjective that completes the name, optionally followed by a direction, rank or year.
        A place or another entity as the complement (جامعة القاهرة) also completes it, except after a
        head marked ``noplace`` (حكومة فنزويلا is Venezuela's government: the place alone is the entity).
        """
        words, lex = self.words, self.lex
        definite_head = kind == "national"
        feminine = words[i].core in lex.feminine_heads
        completing = lex.nisba if words[i].core in lex.strict_heads else lex.completing
        seen_definite = definite_head
        complete = False
        last_valid = None
        indefinite = 0
        lam_seen = False
        j = i + 1
        while j < len(words) and j - i <= MAX_WORDS:
            w = words[j]
            if not words.joined(j):
                break
            if label == "MISC" and last_valid == j - 1 and not w.arabic and _YEAR.match(w.core):
                last_valid = j  # كأس العالم 2018
                break
            if not w.arabic or w.core in lex.stop or w.core in lex.titles:
                break
            if ((w.prefix == "ل" or self._unsplit_lam(w)) and not lam_seen and words[i].core not in lex.strict_heads
                    and (complete or kind == "national" or (kind == "construct" and last_valid is not None))):
                # a ل complement that names the body's field: الوكالة الدولية للطاقة الذرية،
                # مرصد دبي للاستثمار، الاتحاد الدولي لكرة القدم
                tail = self._field_complement(j)
                if tail is None or (label == "ORG" and self._listed(i, j - 1) and not self._listed(i, tail)):
                    break  # صندوق النقد الدولي للمالية العامة: a listed body is complete as it is
                lam_seen = True
                j = last_valid = tail
                complete = complete or words[tail].core in lex.completing
                j += 1
                continue
            if complete:  # after the nationality or place: a direction, rank or name adjective only
                if not w.prefix and (w.core in lex.after_nationality or w.core in lex.name_adjectives):
                    last_valid = j
                    j += 1
                    continue
                break
            if w.prefix:
                # و + definite noun continues a construct name (حزب العدالة والتنمية); any other clitic ends it
                if (kind == "construct" and seen_definite and w.prefix == "و" and w.core.startswith("ال")
                        and w.core not in lex.all_heads and w.core not in lex.nationality):
                    last_valid = j
                    j += 1
                    continue
                break
            adjective = w.core in lex.completing or w.core in lex.name_adjectives
            if adjective and definite_head and w.core.endswith("ة") != feminine:
                break  # no agreement: الخارجية الإيراني is part of وزير الخارجية الإيراني
            if (not definite_head and not w.core.startswith("ال")
                    and (w.core in completing or w.core in lex.name_adjectives and not seen_definite)):
                break  # حزب إسلامي لبناني، قوات أمن كردية: an indefinite description, not a name
            if definite_head and w.core in lex.nisba and w.core.endswith(("ون", "ين")):
                break  # a plural nisba describes people, not the singular head (الحزب الباكستانيين)
            if w.core in completing and (seen_definite or indefinite or j > i + 1 or definite_head):
                complete = True
                last_valid = j
                j += 1
                continue
            place_completes = not (definite_head or seen_definite or words[i].core in lex.no_place_heads)
            name_end = self._place_name(j) if place_completes else None
            if name_end is not None:
                # a place as the complement: جامعة القاهرة، دوري أبطال أوروبا، مصرف قطر المركزي
                j = last_valid = name_end
                complete = True
                j += 1
                continue
            if w.core in lex.name_adjectives and seen_definite:
                if kind == "construct":
                    last_valid = j
            elif w.core.startswith("ال") and len(w.core) > 3:
                if definite_head or w.core in lex.anaphoric and j == i + 1 and kind != "construct":
                    break
                seen_definite = True
                if kind == "construct":
                    last_valid = j
            else:
                indefinite += 1
                if seen_definite or indefinite > 2 or w.core in _OWNED_COUNTRY:
                    break  # منتخب بلاده سلوفينيا: "his country's team", then its name
            j += 1
        if last_valid is None:
            return None
        if kind in ("national", "construct_national") and not complete:
            return None
        return last_valid

    def _unsplit_lam(self, w: Word) -> bool:
        """Is ``w`` ل + a noun that the corpus counts keep whole (لكرة, frequent in لكرة القدم)?"""
        return (not w.prefix and len(w.core) > 3 and w.core[0] == "ل" and w.core[1] != "ل"
                and w.core not in self.places and w.core not in self.names and w.core not in self.lex.stop)

    def _field_complement(self, j: int) -> int | None:
        """Last index of a ``ل`` + field phrase at ``j`` (للطاقة الذرية، لكرة القدم، لتنمية الاستثمار), or None.

        The field is a definite noun, or an indefinite noun with a definite noun or place after it,
        followed by up to two definite nouns or adjectives. A place, a person, an anaphoric noun or a
        time word after ``ل`` is the verb's complement, not the name (الاتحاد الأوروبي لإيران، للمرة).
        """
        words, lex, covering = self.words, self.lex, self.covering
        first = words[j]
        if (not first.arabic or j in covering or first.core in lex.stop or first.core in lex.anaphoric
                or first.core in lex.field_stop or first.core in lex.all_heads or first.core in lex.nationality
                or first.core in self.places):
            return None
        last = j
        if not first.core.startswith("ال"):
            if first.core.endswith(_PRONOUN_SUFFIXES) or first.core.startswith("ي"):
                return None  # لاحتلالها المركز الثالث، ليكون الرابع: a verb or a verbal noun with its subject
            nxt = words[j + 1] if j + 1 < len(words) else None
            if nxt is None or nxt.prefix or not nxt.arabic or not words.joined(j + 1):
                return None
            place_end = self._place_name(j + 1)
            if place_end is not None:
                return place_end  # لتحرير فلسطين
            if not nxt.core.startswith("ال") or nxt.core in lex.stop or nxt.core in lex.anaphoric:
                return None
            last = j + 1
        added, k = 0, last + 1
        while k < len(words) and added < 3 and words.joined(k):
            w = words[k]
            if (w.prefix not in ("", "و") or not w.arabic or not w.core.startswith("ال") or w.core in lex.stop
                    or w.core in lex.field_stop or w.core in lex.titles or w.core in lex.all_heads
                    or k in covering and w.core not in lex.completing
                    or w.prefix and (w.core in lex.nationality or w.core in self.places)):
                break
            last = k  # الذرية، العامة، و + التنمية (البنك الأوروبي لإعادة الإعمار والتنمية)
            added += 1
            k += 1
        return last

    def _listed(self, i: int, last: int) -> bool:
        """Is the phrase from word ``i`` to ``last`` a gazetteer name?"""
        words = self.words
        return " ".join([words[i].core] + [w.text for w in words[i + 1:last + 1]]) in self.names

    def _place_name(self, j: int) -> int | None:
        """The last word index of a place name starting at ``j``: a LOC span or a listed place."""
        words = self.words
        span = self.covering.get(j)
        if span is not None and span.label == "LOC" and span.start == words[j].start:
            return words.within(span.start, span.end)[-1]
        for n in range(min(3, len(words) - j), 0, -1):
            parts = words[j:j + n]
            if not all(p.arabic for p in parts) or any(p.prefix for p in parts[1:]):
                continue
            if " ".join(p.core for p in parts) in self.places:
                return j + n - 1
        return None

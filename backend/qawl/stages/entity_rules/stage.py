"""Entity rules: bring the CRF's entity spans in line with the annotation guidelines.

ANERcorp (2007 wire text) rarely shows constructions that recent news is full
of, so after the CRF stage this stage applies the guidelines' settled cases:

* an organisation head noun with its nationality adjective or name words is one
  ORG (``الجيش التركي``, ``وزارة المالية المصرية``, ``صندوق النقد الدولي``);
  named competitions and wars likewise are MISC (``كأس العالم 2018``); a ``ل``
  complement naming the body's field stays in the name (``الوكالة الدولية للطاقة
  الذرية``, ``الاتحاد الدولي لكرة القدم``) unless it reads as a verb's complement
  (``للمرة الأولى``, a place, a listed body already complete);
* a generic descriptor stays outside a name (``حركة فتح`` → ``فتح``,
  ``مدينة دوما`` → ``دوما``) unless it belongs to the name (``وكالة الأنباء``);
* nationality adjectives and anaphoric nouns alone are not entities
  (``الأكراد``, ``السوري``, ``الحكومة``);
* ``آل`` + a family name closes a person's name (``تميم بن حمد آل ثاني``,
  ``تركي آل الشيخ``);
* a city is the club when a country's masculine nisba follows it (``برشلونة
  الإسباني``; the city itself is feminine) or ``نادي`` comes before it;
* a name right after a building noun is the building's, MISC, when the tagger read
  it as a person (``ملعب ثاني بن جاسم``, ``مطار جون كينيدي``) or, after a ground or
  palace noun, as an unlisted place (``ملعب سانتياغو برنابيو``); cities stay LOC
  (``استاد الدوحة``, ``مطار وهران``);
* a short name quoted after a work or outlet noun is one entity (``برنامج «حوار من
  القلب»`` MISC, ``صحيفة «الأهرام»`` ORG);
* currencies are MISC; a name inside a hashtag is tagged without the ``#``.

Words are matched in folded form; the proclitic split of a phrase's first word
uses the NER segmenter (:func:`qawl.ner.align.clitic_offset`), so
``للجيش السوري`` gives ``لجيش السوري`` and offsets stay exact on diacritised text.
The word lists live in ``backend/qawl/resources/entity_rules``. Options in
``model.json``: ``phrases`` (add ORG/MISC phrases, default true), ``trim``,
``drop``, ``clubs``, ``venues``, ``families``, ``titles``, ``currencies``, ``hashtags`` (each default true).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from ...document import ENTITY, Document
from ...pipeline import register_stage
from ...ranges import SpanIndex
from .lexicon import RuleLexicon

# qawl.ner reads its lists through qawl.stages.lexicon, so it is imported lazily (no cycle).

__all__ = ["EntityRules", "Word"]

SOURCE = "entity_rules"
PHRASE_SCORE = 0.9   # below learnt project names (0.95); overlapping CRF spans are removed explicitly
MAX_PHRASE_WORDS = 7
_HASHTAG = re.compile(r"#([^\W\d_][\w]*(?:_[\w]+)+)")
_YEAR = re.compile(r"(?:19|20)\d\d$")
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن", "نا", "كم")
# the rules, in the order they run; each is a model.json option (default true) and a method _NAME
RULES = ("drop", "trim", "clubs", "venues", "families", "phrases", "titles", "currencies", "hashtags")
MAX_TITLE_WORDS = 6
_TITLE_CLOSE = {"«": ("»",), "“": ("”",), '"': ('"',)}
_TITLE_OPEN = frozenset(_TITLE_CLOSE)


class Word(NamedTuple):
    """A token as the rules see it: offsets, folded core (proclitics off, article restored after لل)."""

    start: int        # original offset where the word proper starts (after its proclitics)
    end: int
    core: str
    prefix: str       # the proclitics split off ("" when none)
    arabic: bool
    text: str         # folded token


class Words(list):
    """The document's words in text order, with the index of the word that starts or ends at an
    offset (built once per document, shared by the rules)."""

    @cached_property
    def by_start(self) -> dict[int, int]:
        return {w.start: i for i, w in enumerate(self)}

    @cached_property
    def by_end(self) -> dict[int, int]:
        return {w.end: i for i, w in enumerate(self)}


class EntityRules:
    name = "entity_rules"

    def __init__(self, lexicon: RuleLexicon, segmenter, places: set[str], names: dict[str, str],
                 rules: tuple[str, ...] = RULES):
        from ...ner.align import clitic_offset
        from ...ner.segment import Segmenter
        from ...ner.text import ARABIC_LETTERS, fold

        self._clitic_offset, self._fold, self._letters = clitic_offset, fold, ARABIC_LETTERS
        self.lex = lexicon
        self.segmenter = segmenter
        self.vocabulary = lexicon.vocabulary
        # listed words first: وكأس is و + كأس even where corpus counts prefer وك + أس
        self.listed = Segmenter({}, self.vocabulary)
        self._analyses: dict[str, tuple[int, str, str, bool, str]] = {}
        self.places = places          # folded single- and multi-word place names
        self.names = names            # folded name -> label (gazetteer), for hashtags
        unknown = set(rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown entity rules {sorted(unknown)}; known: {RULES}")
        self.rules = [getattr(self, "_" + name) for name in RULES if name in rules]  # always in RULES order

    # -- entry point -----------------------------------------------------------------------------
    def __call__(self, doc: Document) -> None:
        words = self.words(doc)
        for rule in self.rules:
            rule(doc, words)

    def words(self, doc: Document) -> Words:
        out = []
        cache = self._analyses
        for token in doc.tokens:
            found = cache.get(token.text)
            if found is None:
                found = self._analyse(token.text)
                if len(cache) < 200_000:
                    cache[token.text] = found
            offset, core, prefix, arabic, folded = found
            out.append(Word(token.start + offset, token.end, core, prefix, arabic, folded))
        return Words(out)

    def _analyse(self, token: str) -> tuple[int, str, str, bool, str]:
        """Clitic offset, core, prefix, is-Arabic and folded form of one token string."""
        folded = self._fold(token)
        if not folded or not all(ch in self._letters for ch in folded):
            return 0, folded, "", False, folded
        segmenter = self.listed if self.listed(folded).core in self.vocabulary else self.segmenter
        seg = segmenter(folded)
        offset = self._clitic_offset(token, segmenter) if seg.strip else 0
        return offset, seg.core, seg.prefix if offset else "", True, folded

    # -- (1) spans that are only a nationality adjective, a people or an anaphoric noun ------------
    def _drop(self, doc: Document, words: list[Word]) -> None:
        doomed = []
        for span in doc.spans_of(ENTITY):
            inside = _inside(words, span.start, span.end)
            if len(inside) != 1:
                continue
            core = inside[0].core
            if core in self.places:
                continue
            if core in self.lex.plural_peoples and (span.label != "PER" or core.startswith("ال")):
                doomed.append(span)  # الأكراد، السوريون: never a name (a bare كينيون may be Kenyon)
            elif core in self.lex.nationality and span.label in ("LOC", "MISC"):
                doomed.append(span)  # not PER (المصري is a family name) nor ORG (العربي is a club)
            elif core in self.lex.anaphoric and span.label != "PER":
                doomed.append(span)
        doc.remove_spans(doomed)

    # -- (2) generic descriptors at the front of a span ------------------------------------------
    def _trim(self, doc: Document, words: Words) -> None:
        by_start = words.by_start
        for span in list(doc.spans_of(ENTITY)):
            i = by_start.get(span.start)
            if i is None or i + 1 >= len(words) or words[i + 1].end > span.end:
                continue
            head, following = words[i].core, words[i + 1]
            keep = self.lex.generic.get(head) if span.label in ("ORG", "PER", "MISC") else None
            if keep is None and head in self.lex.loc_heads and span.label in ("LOC", "PER", "ORG"):
                keep = frozenset()
            if keep is None or following.core in keep or not following.arabic and not following.core.isalnum():
                continue
            if head in self.lex.loc_heads:
                span.label = "LOC"
            span.start = following.start

    # -- (2b) a city named as a club ---------------------------------------------------------------
    def _clubs(self, doc: Document, words: Words) -> None:
        """A city tagged LOC is the club when a country's masculine nisba follows it (برشلونة الإسباني;
        the city is feminine: برشلونة الإسبانية) or when نادي or فريق comes before it (نادي موناكو)."""
        lex = self.lex
        by_start, by_end = words.by_start, words.by_end
        text = doc.text
        for span in doc.spans_of(ENTITY):
            if span.label != "LOC":
                continue
            first, last = by_start.get(span.start), by_end.get(span.end)
            if first is None or last is None:
                continue
            name = " ".join([words[first].core] + [w.text for w in words[first + 1:last + 1]])
            after = words[last + 1] if last + 1 < len(words) else None
            nisba_after = (after is not None and not after.prefix and after.core in lex.country_nisba
                           and first == last and not words[first].core.startswith("ال")
                           and name not in lex.countries and self._joined(words, last + 1, text))
            club_before = (first > 0 and words[first - 1].core in lex.club_heads and not words[first].prefix
                           and self._joined(words, first, text))
            if nisba_after or club_before:
                span.label = "ORG"

    # -- (2b') a building named after a person or place ----------------------------------------------
    def _venues(self, doc: Document, words: Words) -> None:
        """``ملعب ثاني بن جاسم``, ``ملعب سانتياغو برنابيو``: the name after a building noun is the
        building (MISC, the noun outside the span) when the tagger read it as a person, or, after a
        ground or palace noun, as a place that no list knows; ``استاد الدوحة`` and any airport named
        after its city (``مطار دمشق``, ``مطار وهران``) keep the city (``venue_heads.tsv``)."""
        by_start = words.by_start
        text = doc.text
        for span in doc.spans_of(ENTITY):
            i = by_start.get(span.start)
            if i is None or i == 0 or span.label not in ("PER", "LOC") or words[i].prefix:
                continue
            names = self.lex.venue_heads.get(words[i - 1].core)
            if names is None or not self._joined(words, i, text):
                continue
            if span.label == "LOC":
                if names != "any":
                    continue  # مطار وهران: an airport named after its city
                name = " ".join(w.core for w in _inside(words, span.start, span.end))
                if name in self.places:
                    continue
            span.label = "MISC"

    # -- (2c) آل + family name closes a person's name ------------------------------------------------
    def _families(self, doc: Document, words: list[Word]) -> None:
        """``تميم بن حمد`` + ``آل ثاني`` is one PER; so is a listed first name + ``آل`` + family
        (``تركي آل الشيخ``, where تركي alone reads as the nationality)."""
        text = doc.text
        entities = SpanIndex(doc.spans_of(ENTITY))
        person_ends = {s.end: s for s in doc.spans_of(ENTITY) if s.label == "PER"}
        doomed = []
        for j in range(1, len(words) - 1):
            family, before, name = words[j], words[j - 1], words[j + 1]
            if (text[family.start:family.end] != "آل" or family.prefix or not name.arabic or name.prefix
                    or name.core in self.lex.stop or not self._joined(words, j, text)
                    or not self._joined(words, j + 1, text)):
                continue
            person = person_ends.get(before.end)
            if person is not None:
                self._remove(entities, doomed, [s for s in entities.overlapping(family.start, name.end)
                                                if s is not person])
                person.end = name.end
                if person in entities:  # not already superseded by an earlier edit of this rule
                    entities.moved(person)
            elif "PER" in self.names.get(before.core, "").split("|") and not before.prefix:
                overlapping = entities.overlapping(before.start, name.end)
                if any(s.label in ("ORG", "PER") for s in overlapping):
                    continue
                self._remove(entities, doomed, overlapping)
                entities.add(doc.add_span(before.start, name.end, "PER", ENTITY, PHRASE_SCORE, SOURCE))
        doc.remove_spans(doomed)

    @staticmethod
    def _remove(entities: SpanIndex, doomed: list, spans: list) -> None:
        """Take spans out of the rule's index now and out of the document when the rule ends: one
        pass over the document's spans per rule, not per edit, keeps a long text linear."""
        for span in spans:
            entities.remove(span)
        doomed.extend(spans)

    # -- (3) head noun + nationality/name words ---------------------------------------------------
    def _phrases(self, doc: Document, words: list[Word]) -> None:
        text = doc.text
        entities = SpanIndex(doc.spans_of(ENTITY))
        doomed = []
        covering = {}  # word index -> entity span containing it
        starts = [w.start for w in words]
        for span in doc.spans_of(ENTITY):
            j = bisect_left(starts, span.start)
            while j < len(words) and words[j].end <= span.end:
                covering[j] = span
                j += 1
        i = 0
        while i < len(words):
            found = self._phrase_at(words, i, text, covering)
            if found is None:
                i += 1
                continue
            end_index, label = found
            start, end = words[i].start, words[end_index].end
            if self._place(doc, entities, doomed, start, end, label):
                i = end_index + 1
            else:
                i += 1
        doc.remove_spans(doomed)

    def _phrase_at(self, words: list[Word], i: int, text: str, covering: dict) -> tuple[int, str] | None:
        w = words[i]
        if not w.arabic:
            return None
        before = words[i - 1] if i > 0 else None
        # الخارجية after a minister title is the job; after a definite noun it is an adjective
        # (السياسة الخارجية الأمريكية)
        job = before is not None and w.core in self.lex.portfolio_heads and not w.prefix and (
            before.core in self.lex.minister_titles
            or before.core.startswith("ال") and not before.prefix and before.core not in self.lex.stop
            and self._joined(words, i, text))
        for label, heads in (("ORG", self.lex.org_heads), ("MISC", self.lex.misc_heads)):
            kinds = () if job and label == "ORG" else heads.get(w.core, ())
            if not kinds and label == "ORG" and i + 1 < len(words) and words[i + 1].core in self.lex.generic.get(w.core, ()):
                kinds = ("construct",)  # a generic head that belongs to this name: تنظيم الدولة الإسلامية
            for kind in kinds:
                inner_is_portfolio = i + 1 < len(words) and words[i + 1].core in self.lex.portfolio_heads
                if kind != "national" and not inner_is_portfolio and self._inner_phrase(words, i + 1, text, covering):
                    return None  # وحدات الجيش اللبناني: the name is the inner phrase
                end = self._complement(words, i, kind, label, text, covering)
                if end is not None:
                    return end, label
        return None

    def _inner_phrase(self, words: list[Word], j: int, text: str, covering: dict) -> bool:
        """Does a definite head at ``j`` start a complete name of its own?"""
        if j >= len(words) or words[j].prefix or "national" not in self.lex.org_heads.get(words[j].core, ()):
            return False
        return self._complement(words, j, "national", "ORG", text, covering) is not None

    def _complement(self, words: list[Word], i: int, kind: str, label: str, text: str,
                    covering: dict) -> int | None:
        """Index of the last word of the name built on the head at ``i``, or None.

        After the head: up to two indefinite nouns of a construct chain (وحدات حماية …), then
        definite nouns (construct heads only) and name adjectives, then a nationality or scope
        adjective that completes the name, optionally followed by a direction, rank or year.
        A place or another entity as the complement (جامعة القاهرة) also completes it.
        """
        lex = self.lex
        definite_head = kind == "national"
        feminine = words[i].core in lex.feminine_heads
        completing = lex.nisba if words[i].core in lex.strict_heads else lex.completing
        seen_definite = definite_head
        complete = False
        last_valid = None
        indefinite = 0
        lam_seen = False
        j = i + 1
        while j < len(words) and j - i <= MAX_PHRASE_WORDS:
            w = words[j]
            if not self._joined(words, j, text):
                break
            if label == "MISC" and last_valid == j - 1 and not w.arabic and _YEAR.match(w.core):
                last_valid = j  # كأس العالم 2018
                break
            if not w.arabic or w.core in lex.stop or w.core in lex.titles:
                break
            if (w.prefix == "ل" and not lam_seen and words[i].core not in lex.strict_heads
                    and (complete or kind == "national" or (kind == "construct" and last_valid is not None))):
                # a ل complement that names the body's field: الوكالة الدولية للطاقة الذرية،
                # مرصد دبي للاستثمار، الاتحاد الدولي لكرة القدم
                tail = self._field_complement(words, j, text, covering)
                if tail is None or (label == "ORG" and self._listed(words, i, j - 1) and not self._listed(words, i, tail)):
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
            name_end = None if definite_head or seen_definite else self._place_name(words, j, covering)
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
                if seen_definite or indefinite > 2:
                    break
            j += 1
        if last_valid is None:
            return None
        if kind in ("national", "construct_national") and not complete:
            return None
        return last_valid

    def _field_complement(self, words: list[Word], j: int, text: str, covering: dict) -> int | None:
        """Last index of a ``ل`` + field phrase at ``j`` (للطاقة الذرية، لكرة القدم، لتنمية الاستثمار), or None.

        The field is a definite noun, or an indefinite noun with a definite noun or place after it,
        followed by up to two definite nouns or adjectives. A place, a person, an anaphoric noun or a
        time word after ``ل`` is the verb's complement, not the name (الاتحاد الأوروبي لإيران، للمرة).
        """
        lex = self.lex
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
            if nxt is None or nxt.prefix or not nxt.arabic or not self._joined(words, j + 1, text):
                return None
            place_end = self._place_name(words, j + 1, covering)
            if place_end is not None:
                return place_end  # لتحرير فلسطين
            if not nxt.core.startswith("ال") or nxt.core in lex.stop or nxt.core in lex.anaphoric:
                return None
            last = j + 1
        added, k = 0, last + 1
        while k < len(words) and added < 3 and self._joined(words, k, text):
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

    def _listed(self, words: list[Word], i: int, last: int) -> bool:
        """Is the phrase from word ``i`` to ``last`` a gazetteer name?"""
        key = " ".join([words[i].core] + [w.text for w in words[i + 1:last + 1]])
        return key in self.names

    def _joined(self, words: list[Word], k: int, text: str) -> bool:
        """Is word ``k`` separated from the word before it by plain spaces only?"""
        w = words[k]
        gap = text[words[k - 1].end:w.start - len(w.prefix)] if w.prefix else text[words[k - 1].end:w.start]
        return not gap.strip() and "\n" not in gap

    def _place_name(self, words: list[Word], j: int, covering: dict) -> int | None:
        """The last word index of a place name starting at ``j``: a CRF LOC span or a listed place."""
        span = covering.get(j)
        if span is not None and span.label == "LOC" and span.start == words[j].start:
            k = j
            while k + 1 < len(words) and words[k + 1].end <= span.end:
                k += 1
            return k
        for n in range(min(3, len(words) - j), 0, -1):
            parts = words[j:j + n]
            if not all(p.arabic for p in parts) or any(p.prefix for p in parts[1:]):
                continue
            if " ".join(p.core for p in parts) in self.places:
                return j + n - 1
        return None

    def _place(self, doc: Document, entities: SpanIndex, doomed: list, start: int, end: int, label: str) -> bool:
        """Add a phrase unless an equal or containing span of the same label exists; drop what it
        supersedes (from ``entities`` at once, from the document with ``doomed`` when the rule ends)."""
        overlapping = entities.overlapping(start, end)
        for span in overlapping:
            if span.start <= start and end <= span.end and (span.label == label or (span.start, span.end) == (start, end)):
                return False
        self._remove(entities, doomed, overlapping)
        entities.add(doc.add_span(start, end, label, ENTITY, PHRASE_SCORE, SOURCE))
        return True

    # -- (3b) names quoted after a work or outlet noun -----------------------------------------------
    def _titles(self, doc: Document, words: list[Word]) -> None:
        """برنامج «حوار من القلب» → MISC, صحيفة «الأهرام» → ORG: the quoted words are one name."""
        heads = self.lex.title_heads
        entities, doomed = SpanIndex(doc.spans_of(ENTITY)), []
        for i, w in enumerate(words[:-2]):
            label = (heads.get(w.core) or heads.get(_without_pronoun(w.core))) if w.arabic else None
            if label is None or words[i + 1].text not in _TITLE_OPEN:
                continue
            close = _TITLE_CLOSE[words[i + 1].text]
            end = next((k for k in range(i + 2, min(i + 2 + MAX_TITLE_WORDS + 1, len(words)))
                        if words[k].text in close), None)
            if end is None or end == i + 2 or any(not words[k].arabic and not words[k].core.isalnum()
                                                     for k in range(i + 2, end)):
                continue
            start, stop = words[i + 2].start - len(words[i + 2].prefix), words[end - 1].end
            self._place(doc, entities, doomed, start, stop, label)
        doc.remove_spans(doomed)

    # -- (4) currencies --------------------------------------------------------------------------
    def _currencies(self, doc: Document, words: list[Word]) -> None:
        spans = SpanIndex(doc.spans_of(ENTITY))  # the spans before this rule; a currency is one word
        for j, w in enumerate(words):
            if w.core not in self.lex.currencies or not w.arabic:
                continue
            nxt = words[j + 1] if j + 1 < len(words) else None
            if nxt is not None and nxt.arabic and not nxt.prefix and w.core in ("ريال", "الريال") \
                    and nxt.core not in self.lex.nationality:
                continue  # ريال مدريد is a club
            if spans.overlapping(w.start, w.end):
                continue
            doc.add_span(w.start, w.end, "MISC", ENTITY, PHRASE_SCORE, SOURCE)

    # -- (5) hashtags ----------------------------------------------------------------------------
    def _hashtags(self, doc: Document, words: list[Word]) -> None:
        """Hashtags never overlap one another, so the entities are indexed once and the edits made
        together: a text of thousands of hashtags stays linear."""
        found = SpanIndex(doc.spans_of(ENTITY))
        doomed, tags = [], []
        for match in _HASHTAG.finditer(doc.text):
            start, end = match.span(1)
            key = " ".join(self._fold(match.group(1)).split("_"))
            label = self.names.get(key)
            inner = found.overlapping(start, end)
            if label is None:
                labels = {s.label for s in inner if start <= s.start and s.end <= end}
                if len(labels) != 1 or any(s.start < start or s.end > end for s in inner):
                    continue
                label = labels.pop()
            doomed.extend(inner)
            tags.append((start, end, label.split("|")[0]))
        doc.remove_spans(doomed)
        for start, end, label in tags:
            doc.add_span(start, end, label, ENTITY, PHRASE_SCORE, SOURCE)


def _without_pronoun(word: str) -> str:
    """The noun without a possessive suffix: برنامجها → برنامج, كتابه → كتاب."""
    for suffix in ("هما", "ها", "هم", "ه"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _inside(words: list[Word], start: int, end: int) -> list[Word]:
    """The words lying wholly inside ``[start, end)`` (words are in text order)."""
    j = bisect_left(words, start, key=lambda w: w.start)
    out = []
    while j < len(words) and words[j].end <= end:
        out.append(words[j])
        j += 1
    return out


@register_stage("entity_rules")
def _load(model_dir: Path, options: dict) -> EntityRules:
    from ...ner.resources import load_clusters, load_gazetteer, load_triggers
    from ...ner.segment import Segmenter
    from ...pipeline import SHIPPED_MODEL_DIR

    lexicon = RuleLexicon.load()
    clusters_path = Path(model_dir) / options.get("clusters", "clusters.tsv")
    if not clusters_path.exists():
        clusters_path = SHIPPED_MODEL_DIR / "clusters.tsv"
    gazetteer = load_gazetteer()
    segmenter = Segmenter(load_clusters(clusters_path).counts, gazetteer.single_words | lexicon.vocabulary)
    places = {name for name, labels in gazetteer.names.items() if "LOC" in labels.split("|")}
    lexicon.titles = frozenset(w for w, label in load_triggers().items() if label == "PER")
    return EntityRules(lexicon, segmenter, places, dict(gazetteer.names),
                       tuple(name for name in RULES if options.get(name, True)))

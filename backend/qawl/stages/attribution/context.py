"""A token-level view of one article for the attribution rules.

Holds the camel-tools tokens with their normalised forms, the quotation-mark
pairs, and the sentence barriers (sentence-final punctuation and newlines
outside quotation marks, so a quote of several sentences stays in one
segment). Everything is computed once per document, in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from ...arabic import fold as normalise
from ...document import Document
from .lexicon import AttributionLexicon, Cue
from .marks import QUOTE_MARKS, MarkPair, find_pairs

__all__ = ["Context", "spells_letter_names"]

_FINAL = set(".!?؟…")
# the day a report was made, set off by commas between its source and what was said (وذكرت الوكالة، الأحد، أن)
_DAYS = {normalise(w) for w in ("السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
                                "اليوم", "أمس")}
_CLOSERS = set("»\"”’')]")
# Latin letter names as Arabic news spells them inside dotted abbreviations (إف.بي.آي, دبليو.كيه.آر.إن).
_LETTER_NAMES = {normalise(name) for name in (
    "اي ايه إيه بي سي دي إي إف جي إتش آي جيه جاي كيه كي إل إم إن أو كيو آر إس تي يو في دبليو إكس واي زد زي"
).split()}
# Letter groups joined by single dots. A match starts only where a run of letters starts and never
# gives letters back, so a long word without dots is read once, not once per letter.
_DOTTED_RUN = re.compile(r"(?<![^\W\d_.])[^\W\d_]++(?:\.[^\W\d_]++)+")


def spells_letter_names(words: str) -> bool:
    """Whether ``words`` are all Latin letters' names (``إف بي آي``, ``سي إن إن``): an abbreviation."""
    groups = [normalise(word) for word in words.replace(".", " ").split()]
    return bool(groups) and all(group in _LETTER_NAMES for group in groups)


def _spells_letters(run: str) -> bool:
    """Whether every group of a dotted run is a Latin letter's name, a clitic allowed on the first."""
    groups = [normalise(group) for group in run.split(".")]
    if groups[0] not in _LETTER_NAMES and groups[0][:1] in "وفبلك":
        groups[0] = groups[0][1:]
    return all(group in _LETTER_NAMES for group in groups)


class Context:
    """Tokens, norms, pairs and segments of one document."""

    def __init__(self, doc: Document, lex: AttributionLexicon):
        self.doc = doc
        self.text = text = doc.text
        self.lex = lex
        self.tokens = doc.tokens
        self.norms = [normalise(t.text) for t in self.tokens]
        self.starts = [t.start for t in self.tokens]
        self.pairs: list[MarkPair] = find_pairs(text)
        self.opening: dict[int, MarkPair] = {}  # token index of an opening mark -> pair
        self.inside = [-1] * len(self.tokens)  # pair index containing the token, or -1
        for p_index, pair in enumerate(self.pairs):
            first = bisect_left(self.starts, pair.open)
            if first < len(self.tokens) and self.tokens[first].start == pair.open:
                self.opening[first] = pair
            last = bisect_left(self.starts, pair.close)
            for k in range(first + 1, last):
                self.inside[k] = p_index
        self.barriers = self._barriers()
        self.barrier_set = frozenset(self.barriers)
        self.in_abbreviation = [dotted or listed for dotted, listed in
                                zip(self._abbreviation_tokens(), self._listed_name_tokens())]
        self.cues: list[Cue | None] = [
            lex.cue(n) if self.inside[k] < 0 and not self.in_abbreviation[k] else None
            for k, n in enumerate(self.norms)]
        self._cue_at_or_before: list[int] | None = None  # built on first use, after the stage drops cues
        self._tells_ali_from_ala = "ى" in text  # the text writes على (on) with alef maksura

    def _nearest(self, order, wanted) -> list[int]:
        """For each token, the index of the nearest token so far in ``order`` whose cue is ``wanted`` (-1 if none)."""
        nearest, last = [-1] * len(self.tokens), -1
        for k in order:
            if wanted(self.cues[k]):
                last = k
            nearest[k] = last
        return nearest

    def _abbreviation_tokens(self) -> list[bool]:
        """For each token, whether it lies in a dotted abbreviation (``سي.إن.إن``, ``لبي.بي.سي``), whose ``إن``
        is not the complementiser. Only spelt Latin letters count: ``شخص.وقال`` is a missing space.
        One pass over the text, so a long run of dotted letters stays linear."""
        spans = [(m.start(), m.end()) for m in _DOTTED_RUN.finditer(self.text) if _spells_letters(m.group())]
        if not spans:
            return [False] * len(self.tokens)
        starts = [start for start, _ in spans]
        flags = []
        for token in self.tokens:
            i = bisect_right(starts, token.start) - 1
            flags.append(i >= 0 and token.start < spans[i][1])
        return flags

    def _listed_name_tokens(self) -> list[bool]:
        """For each token, whether it lies in a name written with spaces whose word reads as the complementiser
        (``سي إن إن``, ``بي إن سبورت``, ``بان كي مون``: :attr:`AttributionLexicon.names_with_an`). The longest
        name from the earliest token wins."""
        flags = [False] * len(self.norms)
        k = 0
        while k < len(flags):
            size = self._listed_name_at(k)
            flags[k:k + size] = [True] * size
            k += size or 1
        return flags

    def _listed_name_at(self, k: int) -> int:
        """How many tokens the longest such name starting at token ``k`` covers (a و/ف/ب/ل/ك allowed before its
        first word, plain spaces between its words), or 0."""
        norm = self.norms[k]
        names = self.lex.names_with_an.get(norm)
        if names is None and len(norm) > 2 and norm[0] in "وفبلك":
            names = self.lex.names_with_an.get(norm[1:])
        for name in names or ():
            end = k + len(name)
            if self.norms[k + 1:end] == list(name[1:]) and all(
                    self._spaces_between(j) for j in range(k, end - 1)):
                return len(name)
        return 0

    def _spaces_between(self, j: int) -> bool:
        """Are tokens ``j`` and ``j + 1`` separated by spaces only, on one line?"""
        gap = self.text[self.tokens[j].end:self.tokens[j + 1].start]
        return not gap.strip() and "\n" not in gap

    def _barriers(self) -> list[int]:
        """Token indices that end a segment (a sentence outside marks)."""
        text = self.text
        barriers = []
        for k, token in enumerate(self.tokens):
            if self.inside[k] >= 0:
                continue
            if token.text[0] in _FINAL:
                after = token.end
                while after < len(text) and text[after] in _CLOSERS:
                    after += 1
                if after >= len(text) or text[after].isspace():
                    barriers.append(k)
            elif k + 1 < len(self.tokens) and "\n" in text[token.end:self.tokens[k + 1].start]:
                barriers.append(k)  # a newline follows this token
        return barriers

    # --- positions -------------------------------------------------------
    def segment(self, k: int) -> tuple[int, int]:
        """Token range ``[first, last]`` of the segment holding token ``k``
        (the barrier token itself closes its segment)."""
        b = bisect_left(self.barriers, k)
        first = self.barriers[b - 1] + 1 if b > 0 else 0
        last = self.barriers[b] if b < len(self.barriers) else len(self.tokens) - 1
        return first, last

    def set_cue(self, k: int, cue: Cue) -> None:
        """Token ``k`` is a reporting cue after all (an ambiguous form whose complement follows)."""
        self.cues[k] = cue
        self._cue_at_or_before = None

    def drop_cue(self, k: int) -> None:
        """Token ``k`` is not a reporting cue after all."""
        self.cues[k] = None
        self._cue_at_or_before = None

    def last_cue(self, first: int, before: int) -> int | None:
        """The last token in ``[first, before)`` with a cue, or None."""
        if self._cue_at_or_before is None:
            self._cue_at_or_before = self._nearest(range(len(self.tokens)), lambda cue: cue is not None)
        found = self._cue_at_or_before[before - 1] if before > 0 else -1
        return found if found >= first else None

    def paragraph_end(self, k: int) -> int:
        """Index of the last token of the paragraph holding token ``k``."""
        text = self.text
        newline = text.find("\n", self.tokens[k].end)
        if newline < 0:
            return len(self.tokens) - 1
        return bisect_right(self.starts, newline) - 1

    def token_at(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    # --- token tests -------------------------------------------------------
    def is_comma(self, k: int) -> bool:
        """A comma, not one inside a number (``57,9٪``, ``1,500``)."""
        token = self.tokens[k]
        if token.text not in ("،", ","):
            return False
        return not self._between_digits(token)

    def _between_digits(self, token) -> bool:
        text = self.text
        return 0 < token.start and token.end < len(text) and text[token.start - 1].isdigit() \
            and text[token.end].isdigit()

    def is_colon(self, k: int) -> bool:
        """A colon that opens what follows, not one inside a time or a score (``الساعة 21:00``، ``2:1``)."""
        token = self.tokens[k]
        return token.text == ":" and not self._between_digits(token)

    def past_day_aside(self, k: int) -> int:
        """The token after a day set off by commas at ``k`` (``وذكرت "سكاي نيوز"، الأحد، أن``), else ``k``."""
        if k + 2 < len(self.norms) and self.is_comma(k) and self.norms[k + 1] in _DAYS and self.is_comma(k + 2):
            return k + 3
        return k

    def is_mark(self, k: int) -> bool:
        return self.tokens[k].text[0] in QUOTE_MARKS

    def is_punct(self, k: int) -> bool:
        return not any(ch.isalnum() for ch in self.tokens[k].text)

    def is_word(self, k: int) -> bool:
        return any(ch.isalpha() for ch in self.tokens[k].text)

    def is_folded_name(self, k: int) -> bool:
        """Whether token ``k`` is a name that folds like a function word: علي (Ali), like the preposition على,
        when spelt with yeh in a text that spells على with alef maksura (so the spelling can be trusted); and
        ألان/آلان (Alan, Alain), like الآن (now), which is spelt with its article."""
        norm = self.norms[k]
        if norm not in ("علي", "الان", "والان"):
            return False
        letters = [ch for ch in self.tokens[k].text if not unicodedata.combining(ch)]
        if norm != "علي":
            return "".join(letters[-4:-2]) != "ال"  # ألان، وآلان: not الآن
        return self._tells_ali_from_ala and letters[-1] == "ي"

    def complementiser(self, k: int) -> bool:
        """أن/إن/بأن (:meth:`AttributionLexicon.complementiser`), but not a word spelt with alef madda, which
        folds alike: the name آن (آن هيدالغو) or the noun of في آن واحد; nor the conditional of إن شاء الله; nor
        the إن of بل إن ("indeed"), which opens the narrator's own next claim (…، بل إنها ألقت الكرة في ملعب تركيا)."""
        return (not self.in_abbreviation[k] and self.lex.complementiser(self.norms[k])
                and "آ" not in self.tokens[k].text
                and not (k + 1 < len(self.norms) and self.norms[k + 1] == "شاء")  # إن شاء الله: if God wills
                and not self._indeed(k))

    def _indeed(self, k: int) -> bool:
        """Is the complementiser at ``k`` that of بل إن, "indeed", and not the second half of "not that … but that"
        (حث الأوروبيين على ألا ينساقوا وراء القومية، بل أن يبنوا: a complement, after ألا)?"""
        if k == 0 or self.norms[k - 1] not in ("بل", "وبل"):
            return False
        return not any(self.norms[i] in ("الا", "بالا", "والا") for i in range(max(0, k - 12), k - 1))

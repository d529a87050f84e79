"""Quotes stage: direct and indirect quotes linked to their speakers.

The rules follow the annotation guidelines construction by construction:

* a reporting cue (verb, circumstantial participle, passive ``قيل``) opens a
  complement: ``أن/إن/بأن`` (indirect quote to the clause end), a colon
  (indirect to the paragraph end, or direct when marks follow) or a pair of
  quotation marks (direct);
* ``قال إن "…"`` with the whole clause in marks is a direct quote inside the
  marks; marks inside a longer clause are part of one indirect quote;
* a subordinate ``أن`` (``بعد أن``, ``رغم أن``, ``إلا أنه``) is not the complement;
  the verb's own may follow it;
* other mark pairs are direct quotes when their segment has a cue (before
  them or right after), or when they are long; names and titles (``صحيفة
  "الحياة"``, ``لـ"سكاي نيوز عربية"``, Latin brand names), single words and
  two-word terms away from the verb (unless tied to speech: ``أعرب عن "…"``,
  ``وصف … "…"``) are not (see ``attribution.marked_names``);
* the clause ends at the sentence end, or before a comma that starts the
  narrator's words (``، وفقا``, ``، وهو ما``) or another report (``، مضيفا``);
* the speaker is the noun phrase around the cue (see ``attribution.speakers``),
  else the nearest earlier speaker. A SPEAKER region is created once and
  linked to every quote it is the source of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..arabic import fold as normalise
from ..document import ATTRIBUTION, Document, Span
from ..ranges import DisjointRanges
from ..shipped import SHIPPED_MODEL_DIR
from .attribution.backward import before_object, sentence_subject
from .attribution.clause_end import CLAUSE_ENDS_FILE, ClauseEndModel, EndPoint, point_features
from .attribution.context import Context
from .attribution.forward import names_the_source, unnamed_source_at
from .attribution.lexicon import AttributionLexicon, Cue, load_lexicon
from .attribution.marked_names import FRAGMENT_LEAD, LONG_NAME, is_marked_name, is_two_word_term
from .attribution.marks import QUOTE_MARKS, MarkPair
from .attribution.phrase_words import RELATIVE_PRONOUNS, WORDING_HEADS, WORDING_NOUNS, owned_stems
from .attribution.speakers import SpeakerMemory, find_speaker_phrase, phrase_offsets

__all__ = ["QuoteStage", "trim_quote"]

WINDOW = 25  # tokens between a cue and its complement (room for a long speaker phrase)
LONG_QUOTE = 6  # words: a marked passage this long is speech even without a cue
_TRAILING = set(" \t\r\n\u00a0.,،;؛:!?؟…") | QUOTE_MARKS
_SUBJECT_SHARING = {"حيث", "اذ"}  # …، حيث قال / إذ قال
RELATIVE_REACH = 4  # tokens from a relative pronoun to its clause's verb (التي سبق وأن اتهمت)
# يُعتبر، يُعدّ: "is considered" (the present, singular and dual)
_CONSIDERED = {normalise(w) for w in ("يعتبر", "تعتبر", "يعتبران", "تعتبران", "يعد", "تعد", "يعدان", "تعدان")}
# the ranking such a verb's predicate opens with (أكثر المطارات ازدحاما، أحد أفضل الطرق، أول عارضة), or بمثابة
_RANKING = {normalise(w) for w in ("أكثر", "أكبر", "أفضل", "أهم", "أبرز", "أول", "أحد", "إحدى", "أقدم", "أغلى",
                                   "أعلى", "أسرع", "أقوى", "أخطر", "أشهر", "أضخم", "أصغر", "أقل", "أعرق", "أشد",
                                   "بمثابة")}
_BEFORE_NOUNS_ONLY = {"في", "علي", "عن", "مع", "خلال", "الي"}  # not من: من قال = whoever said
_BEFORE_PARTICIPLE_NOUNS = _BEFORE_NOUNS_ONLY | {"من"}  # a participle's form after them is a noun
# Verbs of indicating and showing (folded lemmas): with data as their subject they report nothing.
_INDICATING_LEMMAS = frozenset({"اشار", "اظهر", "كشف", "افاد", "بين", "اوضح", "دل"})
# What و/ف may lead when a speaker goes on after a sentence end: particles and pronouns, not verbs
_SPEECH_GOES_ON = frozenset({"لا", "لن", "لم", "لكن", "لكننا", "لكني", "لكنني", "انا", "نحن", "انت", "انتم", "ان",
                             "انني", "اننا", "انه", "انها", "اذا", "لو", "هذا", "هذه", "هو", "هي", "هم", "كل", "ما",
                             "من", "في", "علي", "الي", "مع", "لقد", "سوف", "اليوم", "الان"})
# attributions that, right after a closing mark, hand the sentence back to the narrator
_ATTRIBUTIONS = frozenset({"وفقا", "وفق", "بحسب", "حسب", "حسبما", "نقلا", "طبقا"})
_MAIN_CLAUSE = frozenset({"فان", "فانه", "فانها", "فانهم"})  # after a subordinate clause (بعد أن …، فإن …)
_GLOSS_PRONOUNS = frozenset({"وهو", "وهي"})
_LINK_DOTS = re.compile(r"[ \t]*(?:\.{2,}|…)")  # للمزيد.. : a read-more line's dots instead of its colon
_PREPOSITION_FORMS = frozenset({"بين", "عبر"})  # بيّن، عبّر; as often "between", "via"
# the complementisers that may follow a comma after a name in marks (قال لـ"…"، إن; أفاد لصحيفة "…"، بأن)
_AFTER_COMMA = frozenset({"ان", "انه", "انها", "بان", "بانه", "بانها"})
_FINAL_POINTS = frozenset({"sentence_end", "last"})  # where a clause ends whatever the model says


@dataclass
class Candidate:
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    score: float
    cue: int | None = None  # token index of the reporting cue
    limit: int | None = None  # token index where the cue's complement starts
    source: str = ""


class QuoteStage:
    """Finds QUOTE and SPEAKER spans and ``said`` relations (see module doc)."""

    name = "quotes"

    def __init__(self, lex: AttributionLexicon, clause_ends: ClauseEndModel | None = None):
        self.lex = lex
        self.clause_ends = clause_ends  # None: the rule decides where a reported clause ends

    # ------------------------------------------------------------------
    def __call__(self, doc: Document) -> None:
        if not doc.text.strip():
            return
        ctx = Context(doc, self.lex)
        self._filter_participles(ctx)
        self._restore_ambiguous_cues(ctx)
        self._drop_unnamed_source_verbs(ctx)
        self._drop_verbal_nouns(ctx)
        self._drop_data_subject_cues(ctx)
        self._drop_agentless_beliefs(ctx)
        self._drop_rankings(ctx)
        self._drop_being_called(ctx)
        self._mark_passives(ctx)
        self._mark_saying_nouns(ctx)
        used: set[int] = set()  # opening offsets of pairs already decided (quotes or names)
        candidates: list[Candidate] = []
        covered_until = -1  # a cue inside an earlier reported clause is part of that quote
        for k, cue in enumerate(ctx.cues):
            if cue is not None and ctx.tokens[k].start >= covered_until:
                found = self._from_cue(ctx, k, used)
                if found is not None:
                    candidates.append(found)
                    if found.kind == "indirect":
                        covered_until = found.end
        candidates += self._continued_reports(ctx, candidates, used)
        indirect = [c for c in candidates if c.kind == "indirect"]
        for pair in ctx.pairs:
            if pair.open in used or any(c.start <= pair.start and pair.end <= c.end + 1 for c in indirect):
                continue
            found = self._from_pair(ctx, pair)
            if found is not None:
                candidates.append(found)
        candidates = [c for c in candidates if not self._in_link_line(ctx, c.start)]
        self._emit(ctx, self._without_overlaps(candidates))

    # --- cues -----------------------------------------------------------
    def _filter_participles(self, ctx: Context) -> None:
        """A circumstantial participle counts only after a comma, a mark or a
        segment start, or right before its complement (``غير مؤكدة`` is an adjective)."""
        for k, cue in enumerate(ctx.cues):
            if cue is None or cue.kind != "participle":
                continue
            prev_ok = k == 0 or ctx.is_comma(k - 1) or ctx.is_mark(k - 1) or ctx.segment(k)[0] == k \
                or ctx.norms[k - 1] in ("ثم", "و")
            next_ok = any(ctx.complementiser(j) or ctx.is_colon(j) or j in ctx.opening
                          for j in range(k + 1, min(len(ctx.tokens), k + 4)))
            after_preposition = k > 0 and ctx.norms[k - 1] in _BEFORE_PARTICIPLE_NOUNS  # على ناقلة النفط
            if not (prev_ok or next_ok) or after_preposition:
                ctx.drop_cue(k)

    def _mark_passives(self, ctx: Context) -> None:
        """A damma on a verb's first letter (``أُعلِن أن``، ``وذُكِر أن``) makes it passive: folded, it reads like
        the active verb, but it has no subject, and its quote no speaker (the guidelines' ``قيل إن``). A verb
        of belief or expectation in the passive (``يُعتقد أن``) is no speech verb: no quote at all."""
        for k, cue in enumerate(ctx.cues):
            if cue is None or cue.kind != "verb":
                continue
            text = ctx.tokens[k].text
            first = 1 if self.lex.prefixed(ctx.norms[k]) else 0
            if text[first + 1:first + 2] != "\u064f":  # damma
                continue
            if ctx.norms[k][first:] in self.lex.agentless_beliefs:
                ctx.drop_cue(k)
            else:
                ctx.set_cue(k, Cue("passive", cue.lemma, cue.feminine, cue.plural))

    def _mark_saying_nouns(self, ctx: Context) -> None:
        """Nouns of saying that are cues where they stand. ``بالقول`` after a verb that reports nothing (``ولخص
        الخبير حالة السوق بالقول "…"``، ``واكتفى بالقول إن``) is the saying itself, a cue as a participle is: its
        speaker is the subject of the sentence's verb; after a reporting verb still waiting for its complement
        (``وعلق الوزير على ذلك بالقول إن``) the verb stays the cue. And ``حسب تعبير``/``على حد قول``/``بحسب وصف``
        after words in marks names whose words they are (``"…"، على حد تعبير المحلل``; ``حسب تعبيره``: the source
        spoken of): the noun is their cue, its speaker the phrase after it."""
        said = self.lex.cues.get("قال")  # none where a project switched قال off
        if said is None:
            return
        for k, norm in enumerate(ctx.norms):
            if norm == "بالقول" and ctx.cues[k] is None and ctx.inside[k] < 0 \
                    and not self._verb_awaits_complement(ctx, ctx.segment(k)[0], k):
                ctx.set_cue(k, Cue("participle", said.lemma))
        for k in range(1, len(ctx.norms)):
            norm = ctx.norms[k]
            if ctx.norms[k - 1] in WORDING_HEADS and ctx.cues[k] is None and ctx.inside[k] < 0 \
                    and (norm in WORDING_NOUNS or any(stem in WORDING_NOUNS for stem in owned_stems(norm, 2))):
                ctx.set_cue(k, Cue("verb", said.lemma))

    def _restore_ambiguous_cues(self, ctx: Context) -> None:
        """A form that is also a noun or particle (كشف، كتب، نشر، بين) counts only with و/ف; without it, it
        is still the cue when its complement follows in the same sentence before any other cue (``كشف مصدر
        مطلع أن``، ``كتب على حسابه أن``)."""
        lex, norms = self.lex, ctx.norms
        for k, norm in enumerate(norms):
            if norm not in lex.prefixed_only or ctx.cues[k] is not None or ctx.inside[k] >= 0 \
                    or ctx.in_abbreviation[k] or (cue := lex.cues.get(norm)) is None or cue.kind != "verb":
                continue
            first, last = ctx.segment(k)
            if self._verb_awaits_complement(ctx, first, k):
                continue  # أعلن المركز الوطني للتنسيق بين الوكالات أن: the preposition inside the verb's subject
            for j in range(k + 1, min(last + 1, k + WINDOW)):
                if ctx.inside[j] >= 0:
                    continue  # inside a name in marks passed below
                if j in ctx.opening and j > k + 1 and ctx.opening[j].words(ctx.text) < LONG_NAME \
                        and norm not in _PREPOSITION_FORMS \
                        and self._complement_follows(ctx, ctx.token_at(ctx.opening[j].close) + 1, last):
                    continue  # كشف اللاعب، في مقابلة مع "العربية" بأن: a name, and the complement right after it
                if ctx.cues[j] is not None or j in ctx.opening or ctx.is_colon(j) \
                        or norms[j] in RELATIVE_PRONOUNS:  # بين الدول التي يحتمل أن: the relative's verb
                    break
                if ctx.is_comma(j) and norm in _PREPOSITION_FORMS and not self._read_as_verb(ctx, k, last):
                    break  # مكالمة بين مسؤولين من البلدين، على أن: "between", whose phrase a comma ends
                if ctx.complementiser(j):
                    # not the narrator's (وما بين مؤيد ومعارض، يبدو أن), nor after ما (ما بين: between)
                    if norms[j - 1] not in lex.blockers and norms[j - 1] not in lex.narrator and j > k + 1 \
                            and (k == 0 or norms[k - 1] not in ("ما", "وما")):
                        ctx.set_cue(k, cue)
                    break

    @staticmethod
    def _read_as_verb(ctx: Context, k: int, last: int) -> bool:
        """Does the form at ``k`` (بين، عبر) read as the verb: spelt with its shadda (بيّن), followed by a comma or
        a preposition, which never follow "between" or "via" (بين، الخميس، أن; بين في تصريحات له), or with the عن
        of عبّر عن later in its sentence (عبر زيدان، المدير الفني للنادي، عن شعوره بأن)?"""
        return "ّ" in ctx.tokens[k].text or ctx.is_comma(k + 1) \
            or ctx.norms[k + 1] in ("في", "عن", "علي", "الي") \
            or (ctx.norms[k] == "عبر" and "عن" in ctx.norms[k + 2:min(last + 1, k + WINDOW)])

    @staticmethod
    def _verb_awaits_complement(ctx: Context, first: int, k: int) -> bool:
        """Is there a reporting verb before token ``k`` in its sentence, within :data:`WINDOW`, whose complement
        (a complementiser, a colon or marks) has not come yet?"""
        for i in range(k - 1, max(first, k - WINDOW) - 1, -1):
            if ctx.complementiser(i) or ctx.is_colon(i) or i in ctx.opening:
                return False
            if ctx.cues[i] is not None and ctx.cues[i].kind == "verb":
                return True
        return False

    @staticmethod
    def _drop_verbal_nouns(ctx: Context) -> None:
        """After a preposition a cue's form is a verbal noun, not a verb (على ذكر المطلب = on mention of)."""
        for k, cue in enumerate(ctx.cues):
            if cue is not None and cue.kind == "verb" and ctx.segment(k)[0] < k \
                    and ctx.norms[k - 1] in _BEFORE_NOUNS_ONLY and not ctx.is_folded_name(k - 1):
                ctx.drop_cue(k)

    def _drop_data_subject_cues(self, ctx: Context) -> None:
        """``تشير البيانات إلى أن``، ``أظهرت نتائج المسح أن``، ``كل التوقعات تشير إلى أن``: with data or
        information as its subject (right after the verb, or right before a verb without و/ف) an
        indicating verb makes the clause the narrator's reading of the data, not a quote. Data of a named
        source (``تشير بيانات "المرصد" إلى أن``) and verbs of stating (``تؤكد الإحصاءات``) still quote."""
        norms, nouns = ctx.norms, self.lex.data_nouns

        def is_data(i: int) -> bool:
            if not 0 <= i < len(norms):
                return False
            norm = norms[i][1:] if norms[i][:1] in "وف" and len(norms[i]) > 3 else norms[i]
            return norm in nouns or (norm.startswith("ال") and norm[2:] in nouns)

        for k, cue in enumerate(ctx.cues):
            if cue is None or cue.kind != "verb" or cue.lemma not in _INDICATING_LEMMAS:
                continue
            after = k + 2 if k + 1 < len(norms) and norms[k + 1] == "كل" else k + 1
            before = k - 1 if not self.lex.prefixed(norms[k]) and ctx.segment(k)[0] < k else -1
            if (is_data(after) and after + 1 not in ctx.opening) or is_data(before):
                ctx.drop_cue(k)

    def _drop_agentless_beliefs(self, ctx: Context) -> None:
        """``يُتوقع أن``، ``ويُعتقد أن``: an expectation or belief verb in the present with nothing before it
        that could be its subject (a و/ف, a sentence start or a comma) and the complementiser right after
        reads as an impersonal passive: the narrator's, not a quote (``روني يعتقد أن`` stays one)."""
        beliefs = self.lex.agentless_beliefs
        for k, cue in enumerate(ctx.cues):
            if cue is None or cue.kind != "verb" or k + 1 >= len(ctx.norms) or not ctx.complementiser(k + 1):
                continue
            norm = ctx.norms[k]
            prefixed = norm[:1] in "وف" and norm[1:] in beliefs
            if (prefixed or norm in beliefs) and (prefixed or ctx.segment(k)[0] == k or ctx.is_comma(k - 1)):
                ctx.drop_cue(k)

    @staticmethod
    def _drop_rankings(ctx: Context) -> None:
        """``ويعتبر المطار أكثر المطارات ازدحاما``, ``التي تعتبر أكبر مستثمر``: a present يعتبر/يعد whose words
        reach a ranking (an elative, أحد, أول) before any comma, complementiser or other cue is the passive "is
        considered": the narrator's description, which reports nothing (``ويعتبر الخبراء أن`` stays a cue)."""
        for k, cue in enumerate(ctx.cues):
            norm = ctx.norms[k]
            if cue is None or not {norm, norm[1:] if norm[:1] in "وف" else norm} & _CONSIDERED:
                continue
            for i in range(k + 1, min(len(ctx.norms), k + 8)):
                if ctx.is_punct(i) or ctx.complementiser(i) or ctx.cues[i] is not None:
                    break
                if ctx.norms[i] in _RANKING:
                    ctx.drop_cue(k)
                    break

    @staticmethod
    def _drop_being_called(ctx: Context) -> None:
        """``فتاة تدعى غنوة``: spelt with a final ى, يدعى/تدعى is "is called", not ادعى's "claims" (يدعي), which
        folds the same."""
        for k, cue in enumerate(ctx.cues):
            called = ctx.norms[k].removeprefix("و") in ("يدعي", "تدعي") and ctx.tokens[k].text.endswith("ى")
            if cue is not None and called:
                ctx.drop_cue(k)

    def _in_link_line(self, ctx: Context, offset: int) -> bool:
        """Does ``offset`` lie in a related-article or read-more line (``اقرأ أيضا: …``, ``مواضيع ذات صلة:
        …``): a line whose first word opens such lines, with a colon among its next few words?"""
        line_start = ctx.text.rfind("\n", 0, offset) + 1
        k = ctx.token_at(line_start)
        if k < len(ctx.tokens) and ctx.tokens[k].start < line_start:
            k += 1
        if k >= len(ctx.tokens) or ctx.norms[k] not in self.lex.link_openers:
            return False
        if _LINK_DOTS.match(ctx.text, ctx.tokens[k].end) and ctx.tokens[k].end < offset:
            return True  # للمزيد.. ماكرون وأردوغان يدعوان إلى "…"
        return any(ctx.is_colon(i) for i in range(k + 1, min(len(ctx.tokens), k + 5))
                   if ctx.tokens[i].start < offset)

    @staticmethod
    def _drop_unnamed_source_verbs(ctx: Context) -> None:
        """``مصدر لم يذكر اسمه``, ``مسؤول طلب عدم الكشف عن هويته``: the verb describes an unnamed source;
        it reports nothing, and the source's phrase goes on through it."""
        for k, cue in enumerate(ctx.cues):
            if cue is not None and unnamed_source_at(ctx, k + 1):
                ctx.drop_cue(k)

    def _from_cue(self, ctx: Context, k: int, used: set[int]) -> Candidate | None:
        first, last = ctx.segment(k)
        norms = ctx.norms
        if norms[k] in self.lex.narrator and k + 1 <= last and ctx.complementiser(k + 1):
            return None
        j = k + 1
        comma_seen = False
        blocked_at = None  # a complementiser after بعد/رغم/إلا … seen on the way
        while j <= min(last, k + WINDOW):
            comma_seen = comma_seen or ctx.is_comma(j)
            if j in ctx.opening:
                pair = ctx.opening[j]
                if pair.open in used:
                    return None
                after = ctx.token_at(pair.close) + 1
                if self._complement_follows(ctx, after, last):
                    used.add(pair.open)
                    j = after  # a quoted name inside the speaker phrase
                    continue
                if j == k + 1 and after < len(ctx.norms) and ctx.norms[after] != "وفي" \
                        and names_the_source(ctx, k, j, None):
                    used.add(pair.open)  # وذكرت "لوموند" في مقتطفات من الرسالة "…": the source, named in marks
                    j = after
                    continue
                named = pair.words(ctx.text) < LONG_NAME and is_marked_name(ctx, j)
                if comma_seen and not named:
                    return None  # past a comma only a name in marks is read past (، خلال مقابلته ببرنامج "…")
                if named or (pair.words(ctx.text) == 1 and j - 1 > k and ctx.norms[j - 1] not in FRAGMENT_LEAD):
                    used.add(pair.open)  # a name (أعلن البنك "…"): read on past it
                    j = after
                    continue
                used.add(pair.open)
                return Candidate(pair.start, pair.end, "direct", 0.9, k, j, "quotes.direct.cue")
            if ctx.inside[j] >= 0:
                j += 1
                continue
            if ctx.complementiser(j):
                if norms[j - 1] in self.lex.blockers:
                    # بعد أن، رغم أن، إلا أنه: not the cue's complement. The real one may follow, after
                    # a comma or spelt إن (وقال الوزير، رغم أن المعارضة انسحبت، إن الجلسة قانونية);
                    # any other belongs to the subordinate clause (يجب أن نمنحه … ليشعر بأن …).
                    blocked_at = j
                elif blocked_at is None or self._ends_subordinate_clause(ctx, blocked_at, j):
                    return self._complement(ctx, k, j, j + 1, last, used)
                else:
                    return None
            if ctx.is_colon(j):
                return self._colon(ctx, k, j, last, used)
            if ctx.cues[j] is not None and self._relative_verb_closed(ctx, j, last):
                j += 1  # قالت أرجينتو، التي سبق وأن اتهمت واينستين، … إنه: the main verb's complement comes later
                continue
            if ctx.cues[j] is not None or (ctx.is_punct(j) and j in ctx.barrier_set):
                return None
            j += 1
        return None

    def _continued_reports(self, ctx: Context, candidates: list[Candidate], used: set[int]) -> list[Candidate]:
        """``وقال الوزير إن … . وأنه سيزور …``: a sentence that opens with و and a complementiser, right after a
        sentence with a reported clause, goes on with the same report (its cue and speaker)."""
        found: list[Candidate] = []
        reports = [c for c in candidates if c.cue is not None]
        for b in ctx.barriers:
            s = b + 1
            if s >= len(ctx.tokens) or ctx.inside[s] >= 0 or ctx.tokens[s].text[0] not in "وف" \
                    or not ctx.complementiser(s):
                continue
            sentence = ctx.segment(b)
            before = next((c for c in reversed(reports) if ctx.tokens[sentence[0]].start <= c.start
                           < ctx.tokens[b].start), None)
            if before is None or any(c.start <= ctx.tokens[s].start < c.end for c in candidates):
                continue
            continued = self._complement(ctx, before.cue, s, s + 1, ctx.segment(s)[1], used)
            if continued is not None:
                found.append(continued)
        return found

    def _relative_verb_closed(self, ctx: Context, j: int, last: int) -> bool:
        """Is the cue at ``j`` the verb of a relative clause right after a comma (``، التي سبق وأن اتهمت``) that
        another comma closes before any complement? Then it reports nothing, and the main verb's walk goes past it.
        A relative verb with a complement of its own (``الذي قالت عنه أبل إنه``) is another report."""
        rel = next((i for i in range(j - 1, max(-1, j - RELATIVE_REACH - 1), -1) if ctx.norms[i] in RELATIVE_PRONOUNS),
                   None)
        if rel is None or rel == 0 or not ctx.is_comma(rel - 1) or any(ctx.is_comma(i) for i in range(rel, j)):
            return False
        return _comma_or_complement(ctx, j, last, WINDOW) == "comma"

    @staticmethod
    def _ends_subordinate_clause(ctx: Context, blocked_at: int, j: int) -> bool:
        """Does the complementiser at ``j`` return to the reporting verb after the subordinate clause
        opened at ``blocked_at``: a comma between them, or ``إن`` spelt with hamza below?"""
        return ctx.tokens[j].text.startswith("إن") or any(ctx.is_comma(i) for i in range(blocked_at + 1, j))

    def _complement_follows(self, ctx: Context, j: int, last: int) -> bool:
        # a definite adjective may follow the marks before the comma (لصحيفة "القبس" الكويتية، بأن)
        comma_at = j + 1 if j + 1 <= last and ctx.norms[j].startswith("ال") and ctx.is_comma(j + 1) else j
        for i in range(j, min(last + 1, j + 6)):
            if (ctx.complementiser(i) and ctx.norms[i - 1] not in self.lex.blockers) or ctx.is_colon(i):
                return True
            if i == comma_at and ctx.is_comma(i):  # قال في مقابلة مع قناة "العربية"، إن …: only right after the
                c = max(ctx.past_day_aside(i), i + 1)  # comma, or the day it was said between commas (، الاثنين، إن)
                return c <= last and ctx.complementiser(c) and ctx.norms[c] in _AFTER_COMMA
            if ctx.is_comma(i) or ctx.is_mark(i) or ctx.cues[i] is not None:
                return False
        return False

    def _complement(self, ctx: Context, cue: int, comp: int, c: int, last: int, used: set[int]):
        while c <= last and ctx.tokens[c].text in (":", "،", ","):
            c += 1
        if c > last:
            return None
        if c in ctx.opening and ctx.opening[c].open not in used:
            pair = ctx.opening[c]
            after = ctx.token_at(pair.close) + 1 if pair.closed else last + 1
            if after > last or ctx.is_punct(after) or ctx.cues[after] is not None \
                    or self._breaker(ctx, after) or self._gloss(ctx, after):
                used.add(pair.open)
                return Candidate(pair.start, pair.end, "direct", 0.9, cue, comp, "quotes.direct.clause")
        end = self._clause_end(ctx, c, last, cue=cue)
        return self._indirect(ctx, cue, comp, c, end, 0.7, "quotes.indirect")

    def _colon(self, ctx: Context, cue: int, colon: int, last: int, used: set[int]):
        c = colon + 1
        if c < len(ctx.tokens) and c in ctx.opening and ctx.opening[c].open not in used:
            pair = ctx.opening[c]
            used.add(pair.open)
            return Candidate(pair.start, pair.end, "direct", 0.9, cue, colon, "quotes.direct.colon")
        if c > last:
            return None
        end = self._clause_end(ctx, c, ctx.paragraph_end(c), across_sentences=True, cue=cue)
        return self._indirect(ctx, cue, colon, c, end, 0.6, "quotes.indirect.colon")

    def _indirect(self, ctx: Context, cue: int, limit: int, first: int, last: int, score: float, source: str):
        if last < first:
            return None
        start, end = trim_quote(ctx.text, ctx.tokens[first].start, ctx.tokens[last].end)
        words = sum(1 for i in range(first, last + 1) if ctx.is_word(i))
        if end <= start or words < 2:
            return None
        return Candidate(start, end, "indirect", score, cue, limit, source)

    @staticmethod
    def _gloss(ctx: Context, k: int) -> bool:
        """``على حد تعبيره`` / ``حسب تعبيره``: the narrator's aside after a quote."""
        return k + 1 < len(ctx.norms) and (
            (ctx.norms[k] == "علي" and ctx.norms[k + 1] == "حد") or ctx.norms[k + 1].startswith("تعبير"))

    def _breaker(self, ctx: Context, k: int) -> bool:
        norm = ctx.norms[k]
        if norm in _GLOSS_PRONOUNS:  # وهو ما …: the narrator's gloss; وهو + anything else goes on
            return k + 1 < len(ctx.norms) and ctx.norms[k + 1] == "ما"
        return norm in self.lex.breakers or (norm[:1] in ("و", "ف") and norm[1:] in self.lex.breakers)

    def _clause_end(self, ctx: Context, first: int, last: int, across_sentences: bool = False,
                    cue: int | None = None) -> int:
        """Last token of a reported clause starting at ``first``: the first point where it may end (see
        :meth:`end_points`) at which the clause-end model, or the rule without one, says it ends."""
        model = self.clause_ends
        if model is None:
            points = self.end_points(ctx, first, last, across_sentences, self._subordinate(ctx, cue))
            return next(point.end for point in points if point.rule_ends)  # final points always end
        for point, features in self.clause_points(ctx, first, last, across_sentences, cue):
            if point.kind in _FINAL_POINTS or model.ends(features):
                return point.end
        raise AssertionError("end_points always ends with a final point")

    def clause_points(self, ctx: Context, first: int, last: int, across_sentences: bool = False,
                      cue: int | None = None):
        """Each end point of the clause with the features the clause-end model sees there."""
        lemma = ctx.cues[cue].lemma if cue is not None and ctx.cues[cue] is not None else ""
        commas = 0
        for point in self.end_points(ctx, first, last, across_sentences, self._subordinate(ctx, cue)):
            yield point, point_features(ctx, point, first, commas, lemma)
            commas += point.kind == "comma"

    def _subordinate(self, ctx: Context, cue: int | None) -> bool:
        """Is the cue inside a subordinate clause (فبعد أن أكد X أنه …، فإن Y قال)? Its report then ends where
        فإن brings the main clause back."""
        return cue is not None and cue >= 2 and ctx.complementiser(cue - 1) and (
            ctx.norms[cue - 2] in self.lex.blockers or ctx.norms[cue - 2][1:] in self.lex.blockers)

    def end_points(self, ctx: Context, first: int, last: int, across_sentences: bool = False,
                   subordinate: bool = False):
        """Each point after ``first`` where the clause may end (a comma, a reporting cue, a sentence end
        when ``across_sentences``) with the rule's answer, then the point where it must: the sentence end,
        else ``last``. The rule: a comma ends it when the narrator's words or another report follow
        (``، وفقا``، ``، مضيفا``), a participle or a و/ف-verb with its own complement ends it, and after a
        colon a sentence end does when narration resumes with و/ف and a reporting verb."""
        k, end = first, first - 1
        barriers = ctx.barrier_set
        while k <= last:
            if ctx.inside[k] >= 0 or k in ctx.opening:
                end = k
                k += 1
                continue
            if k > first:
                if ctx.is_comma(k):
                    main_clause = subordinate and k + 1 <= last and ctx.norms[k + 1] in _MAIN_CLAUSE
                    yield EndPoint(k, "comma", main_clause or self._narrator_follows(ctx, k + 1, last), end)
                elif self._gloss(ctx, k) or (ctx.is_mark(k - 1) and ctx.norms[k] in _ATTRIBUTIONS):
                    # the narrator's aside right after the words (… "سياساتهم" على حد تعبيره، …" وفقا لما)
                    yield EndPoint(k, "aside", True, end)
                elif ctx.norms[k] in ("كما", "وكما") and k + 1 <= last and ctx.cues[k + 1] is not None:
                    yield EndPoint(k, "aside", True, end)  # … كما عبر عن دعمه: another report begins
                else:
                    cue = ctx.cues[k]
                    if cue is not None:
                        yield EndPoint(k, "cue", cue.kind == "participle" or (
                            ctx.tokens[k].text[0] in "وف" and self._has_complement(ctx, k, last)), end)
            if k in barriers:
                here = end if ctx.is_punct(k) else k
                if not across_sentences:
                    yield EndPoint(k, "sentence_end", True, here)
                    return
                yield EndPoint(k, "sentence", self._narration_resumes(ctx, k + 1, last), here)
            end = k
            k += 1
        yield EndPoint(last, "last", True, end)

    @staticmethod
    def _narration_resumes(ctx: Context, k: int, last: int) -> bool:
        """After a sentence end in a colon quote without marks: does the next sentence open with و/ف and a
        verb or an attribution (``ودعت المنظمة``، ``ويتم …``، ``ووفقا للإحصاءات``)? Not when و/ف leads a
        particle or a pronoun, with which the speaker goes on (``ولا نريد …``، ``ونحن …``)."""
        if k > last:
            return False
        cue, text, norm = ctx.cues[k], ctx.tokens[k].text, ctx.norms[k]
        if cue is not None:
            return cue.kind != "participle" and text[0] in "وف"
        if text[0] not in "وف" or len(norm) < 3 or not ctx.is_word(k):
            return False
        if norm in ("ومن", "فمن") and k + 1 <= last and ctx.norms[k + 1].startswith(("جانب", "جهت")):
            return True  # ومن جانبه، قال …: the narrator turns to another speaker
        return norm[1:] not in _SPEECH_GOES_ON or norm.startswith(("وبدور", "فبدور"))

    def _narrator_follows(self, ctx: Context, k: int, last: int) -> bool:
        """After a comma: an attribution, a gloss or another report?"""
        if k > last:
            return False
        if self._breaker(ctx, k):
            return True
        relative = False
        for i in range(k, min(last + 1, k + 9)):
            if ctx.is_comma(i) or i in ctx.barrier_set:
                return False
            relative = relative or (i > k and ctx.norms[i] in RELATIVE_PRONOUNS)
            if ctx.cues[i] is not None and ctx.inside[i] < 0:
                # a relative clause's verb is another report only with a complement of its own (…، بينهم السائق
                # الذي قالت الشرطة إنه؛ not …، سيشاركان في اجتماع مكة الذي دعا إليه)
                return not relative or self._has_complement(ctx, i, last)
        return False

    @staticmethod
    def _has_complement(ctx: Context, k: int, last: int) -> bool:
        return _comma_or_complement(ctx, k, last, 12) == "complement"

    # --- mark pairs without a cue of their own ----------------------------
    def _from_pair(self, ctx: Context, pair: MarkPair) -> Candidate | None:
        open_token = ctx.token_at(pair.open)
        words = pair.words(ctx.text)
        # a naming noun before the marks (فريق "…"، دوري "…") makes a short passage a name; a long one
        # after it is still someone's words (إشرافه على الفريق "هيمير كان خيارنا الأول بفضل عمله …")
        if words < LONG_NAME and is_marked_name(ctx, open_token):
            return None
        first, last = ctx.segment(open_token)
        if open_token > 0 and ctx.is_colon(open_token - 1) and words >= 1:
            cue = ctx.last_cue(first, open_token)
            return Candidate(pair.start, pair.end, "direct", 0.85, cue, open_token, "quotes.direct.colon")
        cue = ctx.last_cue(first, open_token)
        if cue is not None and (open_token - cue <= 3 or words > 2
                                or (words == 2 and not is_two_word_term(ctx, open_token, cue))):
            return Candidate(pair.start, pair.end, "direct", 0.8, cue, open_token, "quotes.direct.segment")
        close_token = ctx.token_at(pair.close)
        for i in range(close_token + 1, min(last + 1, close_token + 5)):
            found = ctx.cues[i]
            if found is not None and found.kind == "verb" and words >= 2 \
                    and not self._has_complement(ctx, i, last):
                return Candidate(pair.start, pair.end, "direct", 0.8, i, last + 1, "quotes.direct.after")
        if words >= LONG_QUOTE:
            return Candidate(pair.start, pair.end, "direct", 0.5, None, None, "quotes.direct.long")
        return None


    # --- output -----------------------------------------------------------
    def _speaker_phrase(self, ctx: Context, cand: Candidate, quote_ranges: DisjointRanges) -> tuple[int, int] | None:
        """Token range of the source named around the quote's cue, or None (the speaker memory decides)."""
        cue, first = ctx.cues[cand.cue], ctx.segment(cand.cue)[0]
        if cue.kind == "participle":  # "..., مضيفا": the subject of the clause's verb
            verb = self._participle_verb(ctx, first, cand.cue, quote_ranges)
            if verb is None:  # أدان المتحدث … التصريحات، قائلا: the subject of the verb that opens the sentence
                return sentence_subject(ctx, first, cand.cue)
            found = find_speaker_phrase(ctx, verb, cand.cue, first)
            # أدان المتحدث … الهجوم، قائلا: a verb with no complement of its own has its object after the
            # subject (وقال مكتب الشرطة إن …، موضحا: the phrase is whole)
            if found is not None and found[0] > verb and not any(
                    ctx.complementiser(i) or ctx.is_colon(i) for i in range(found[1] + 1, cand.cue)):
                found = before_object(ctx, *found)
            return found
        limit = cand.limit if cand.limit is not None else cand.cue + 1
        found = find_speaker_phrase(ctx, cand.cue, limit, first, allow_backward=cue.kind == "verb")
        if found is None and cue.kind == "verb" and first < cand.cue and (
                self.lex.prefixed(ctx.norms[cand.cue]) or (ctx.norms[cand.cue - 1] in _SUBJECT_SHARING
                                                            and ctx.cues[first] is not None)):
            # نددت الدول … بالسياسة، واعتبرت أنها: the و-verb shares its sentence's subject; so does the verb after
            # حيث/إذ in a sentence opened by a reporting verb (وأكد رئيس الشركة …، حيث قال:)
            found = sentence_subject(ctx, first, cand.cue)
        return found

    @staticmethod
    def _participle_verb(ctx: Context, first: int, participle: int, quote_ranges: DisjointRanges) -> int | None:
        """The reporting verb whose subject a participle shares: the nearest one before it in its sentence
        that is no part of a quote (``قال أردوغان إن …، لكن متحدثا … نفى ذلك، قائلا``: نفى)."""
        for k in range(participle - 1, first - 1, -1):
            cue = ctx.cues[k]
            if cue is not None and cue.kind == "verb" and ctx.inside[k] < 0 \
                    and not quote_ranges.overlaps(ctx.tokens[k].start, ctx.tokens[k].end):
                return k
        return None

    @staticmethod
    def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
        taken = DisjointRanges()
        by_score = sorted(candidates, key=lambda c: (-c.score, c.start))
        kept = [cand for cand in by_score if taken.add(cand.start, cand.end)]
        return sorted(kept, key=lambda c: c.start)

    def _emit(self, ctx: Context, candidates: list[Candidate]) -> None:
        doc = ctx.doc
        memory = SpeakerMemory()
        speakers: dict[tuple[int, int], Span] = {}
        quote_ranges = DisjointRanges((c.start, c.end) for c in candidates)
        for cand in candidates:
            quote = doc.add_span(cand.start, cand.end, "QUOTE", ATTRIBUTION, cand.score, cand.source,
                                 kind=cand.kind)
            cue = ctx.cues[cand.cue] if cand.cue is not None else None
            if cue is not None and cue.kind == "passive":
                continue
            speaker, explicit = None, False
            if cue is not None:
                found = self._speaker_phrase(ctx, cand, quote_ranges)
                if found is not None:
                    start, end = phrase_offsets(ctx, *found)
                    if not quote_ranges.overlaps(start, end):
                        speaker = speakers.get((start, end))
                        if speaker is None:
                            speaker = doc.add_span(start, end, "SPEAKER", ATTRIBUTION, 0.8, "quotes.speaker")
                            speakers[(start, end)] = speaker
                        explicit = True
            feminine = cue.feminine if cue is not None else None
            if speaker is None:
                speaker = memory.resolve(feminine, cand.start)
            else:
                memory.remember(speaker, bool(feminine))
            if speaker is None:
                continue
            score = cand.score * (1.0 if explicit else 0.85)
            doc.add_relation(speaker, quote, "said", round(score, 3))


def _comma_or_complement(ctx: Context, k: int, last: int, reach: int) -> str | None:
    """What comes first within ``reach`` tokens after ``k``: a complement (a complementiser, a colon or marks),
    a comma, or neither (None)."""
    for i in range(k + 1, min(last + 1, k + reach)):
        if ctx.complementiser(i) or ctx.is_colon(i) or i in ctx.opening:
            return "complement"
        if ctx.is_comma(i):
            return "comma"
    return None


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a range past whitespace, quotation marks and final punctuation."""
    while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def load(model_dir: Path, options: dict) -> QuoteStage:
    """The stage with the model directory's clause-end model (a trained version without one uses the
    shipped model's)."""
    path = Path(model_dir) / CLAUSE_ENDS_FILE
    return QuoteStage(load_lexicon(model_dir),
                      ClauseEndModel.load(path if path.exists() else SHIPPED_MODEL_DIR / CLAUSE_ENDS_FILE))

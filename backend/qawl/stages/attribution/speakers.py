"""Finding the source's noun phrase around a reporting cue, and remembering it.

The phrase is read after the verb (:mod:`.forward`) or before it (:mod:`.backward`), as the word order and the
verb's class say (:func:`find_speaker_phrase`). When none is found the cue's implicit subject is resolved by
:class:`SpeakerMemory` to the nearest earlier speaker, preferring one whose verb agreed in gender.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...arabic import fold as normalise
from ...document import Span
from .backward import (backward_phrase, before_object, opens_with_a_verb, plain_noun_phrase, sentence_subject,
                       subject_after_kana, subject_before_object_first_verb)
from .context import Context
from .forward import forward_phrase, resumed_subject_follows
from .phrase_words import (ADDRESSEE_VERBS, OBJECT_FIRST_VERBS, OUTLET_NOUNS, QUANTIFIERS,
                           RELATIVE_PRONOUNS, SUBJECT_CARRIERS, WORDING_HEADS, WORDING_NOUNS, owned_stems)

__all__ = ["find_speaker_phrase", "phrase_offsets", "SpeakerMemory"]


def _audience(ctx: Context, cue: int, phrase: tuple[int, int], plural_only: bool = False) -> bool:
    """Is the phrase after a verb of telling its audience (``وأبلغ الصحفيين أن``, ``وطمأن المواطنين بأن``): one
    definite plural noun, which is the one spoken to, while the speaker is unstated? (``أبلغ الوزير …`` is
    the speaker.) ``plural_only``: masculine plurals alone (a word after the speaker: ``وأبلغ ترامب الصحفيين``,
    where ``مسؤولو الشركات`` stays whole)."""
    first, last = phrase
    verb = ctx.cues[cue]
    if first != last or verb is None or verb.lemma not in ADDRESSEE_VERBS:
        return False
    norm = ctx.norms[first]
    return norm.startswith("ال") and norm.endswith(("ين", "ون") if plural_only else ("ين", "ون", "ات"))


# verbs by which a subject names what its verb acts on (أدانت ما قالت إنه هجوم، رفض ما وصفه بـ، قصفت ما زعمت أنه)
_CALLING_IT = frozenset(normalise(w) for w in ("قال", "زعم", "وصف", "اعتبر", "ادعى", "سمى", "رأى"))
_CALLING_REACH = 20  # tokens from the sentence's start to ما: the main clause's verb, its subject and their object


def find_speaker_phrase(ctx: Context, cue: int, limit: int, floor: int,
                        allow_backward: bool = True) -> tuple[int, int] | None:
    """Token range of the speaker for the cue at ``cue``; ``limit`` is where its
    complement starts, ``floor`` the first token of its segment."""
    norm = ctx.norms[cue]
    # و/ف on the verb opens a new clause: its subject is after it or unstated, never the words before it
    # (``التي يمتلكها، وقال:``); a bare قد right before the verb follows its subject (``وكان الاتحاد قد
    # أعلن فرض …``: what follows is the object)
    if cue > 0 and ctx.norms[cue - 1] in WORDING_HEADS:  # على حد تعبير المحلل: the source follows, or it is the
        return forward_phrase(ctx, cue, limit) if norm in WORDING_NOUNS else None  # pronoun of تعبيره
    allow_backward = allow_backward and not ctx.lex.prefixed(norm)
    if cue > 0 and ctx.norms[cue - 1] in SUBJECT_CARRIERS:
        return None  # ولكنه نفى | ارتكاب أي خطأ: the subject is the particle's pronoun, an earlier speaker
    if (allow_backward and floor < cue - 1 <= floor + _CALLING_REACH and ctx.norms[cue - 1] == "ما"
            and ctx.cues[cue] is not None and ctx.cues[cue].lemma in _CALLING_IT
            and not any(ctx.norms[i] in RELATIVE_PRONOUNS for i in range(floor, cue - 1))
            and forward_phrase(ctx, cue, limit) is None):
        # وأدانت المجموعة الأسبوع الماضي ما قالت إنه هجوم: what the sentence's subject called it (a comma may
        # come first: وانتقدت منظمة حقوقية الخميس، ما قالت إنه)
        found = sentence_subject(ctx, floor, cue - 1)
        if found is not None:
            return found
    behind = backward_phrase(ctx, cue, floor) if allow_backward else None  # the phrase before the cue, read once
    if behind is not None and cue > floor and ctx.norms[cue - 1] == "قد":
        return behind
    if behind is not None and (found := subject_after_kana(ctx, cue, behind)) is not None:
        return found  # وكان ترمب اتهم | الصين بممارسات: the subject stands between كان and the verb
    if behind is not None and subject_before_object_first_verb(ctx, cue, floor) and behind[1] == cue - 1 \
            and plain_noun_phrase(ctx, *behind):
        return behind  # نتانياهو يتهم ظريف "بالكذب": a subject before a verb that takes its object first
    # X الذي قال: X is the subject, unless a pronoun after the verb stands for X (اليوم الذي قال فيه الوزير)
    found = forward_phrase(ctx, cue, limit) if ctx.norms[cue - 1] not in RELATIVE_PRONOUNS or (
        cue + 1 < limit and resumed_subject_follows(ctx, cue, cue + 1)) else None
    if found is not None and (_audience(ctx, cue, found) or _stance_shown(ctx, found)):
        found = None
    elif found is not None and found[1] > found[0] and ctx.norms[found[1] - 1] not in QUANTIFIERS \
            and _audience(ctx, cue, (found[1], found[1]), plural_only=True):
        found = (found[0], found[1] - 1)  # وأبلغ ترامب | الصحفيين أن: the speaker, then the ones spoken to
    elif found is not None and (outlet := _outlet_spoken_to(ctx, cue, found)) is not None:
        found = (found[0], outlet - 1)  # وأبلغ المتحدث راج شاه | شبكة فوكس بيزنس
    elif found is not None and ctx.cues[cue] is not None and ctx.cues[cue].lemma in OBJECT_FIRST_VERBS:
        # وصف السفير | الهجوم بأنه، طالب الحزب | الحكومة بأن: the object comes before the complement
        found = before_object(ctx, *found)
    if found is None and allow_backward:
        found = behind
        if found is not None and found[0] == floor and opens_with_a_verb(ctx, floor, cue):
            # وأصدر تيار المستقبل بيانا تحدث فيه: the phrase before the verb is a clause; its subject speaks
            found = sentence_subject(ctx, floor, cue)
    return found


def _outlet_spoken_to(ctx: Context, cue: int, phrase: tuple[int, int]) -> int | None:
    """The token where an outlet spoken to starts inside the phrase after a verb of telling: an outlet noun after
    a name or a definite word (``وأبلغ فينغر موقع أرسنال``), not one a title governs (``أبلغ رئيس وكالة الفضاء``)."""
    verb = ctx.cues[cue]
    if verb is None or verb.lemma not in ADDRESSEE_VERBS:
        return None
    for k in range(phrase[0] + 1, phrase[1] + 1):
        before = ctx.norms[k - 1]
        if ctx.norms[k] in OUTLET_NOUNS and (before.startswith("ال") or before not in ctx.lex.nouns):
            return k
    return None


def _stance_shown(ctx: Context, phrase: tuple[int, int]) -> bool:
    """Does the phrase after a verb open with a stance and its owner's pronoun (وأكد رفضه، وأبدت أسفها لكون …)?
    Then it is the verb's object, and the subject is unstated."""
    return any(stem in ctx.lex.stances for stem in owned_stems(ctx.norms[phrase[0]], 2))


_WALID_ENDINGS = ("", "ة", "ه", "ي", "ا", "ان", "ين", "ت", "ته", "تها", "تي", "ها", "يه", "اه")


def _is_walid(norm: str) -> bool:
    """والد/والدة (parent) with its endings: its و is the word's own, not a conjunction (والدولة is و + الدولة)."""
    return norm.startswith("والد") and norm[4:] in _WALID_ENDINGS


def phrase_offsets(ctx: Context, first: int, last: int) -> tuple[int, int]:
    """Character offsets of a token range, without a leading و/ف before ال."""
    start, end = ctx.tokens[first].start, ctx.tokens[last].end
    word = ctx.tokens[first].text
    norm = ctx.norms[first]
    # و/ف + ال + a noun of 3 letters or more (والحكومة، والأمن); والي، والت ديزني، والتر and والدة keep theirs, and
    # ف only goes before a noun the lists know (فالحكومة), since names open with فال (فالنسيا، فالنتينا، فالس)
    if word[0] in "وف" and norm[1:3] == "ال" and len(norm) >= 6 and not _is_walid(norm) \
            and (word[0] == "و" or norm[1:] in ctx.lex.nouns or norm[3:] in ctx.lex.nouns):
        start += 1
    return start, end


@dataclass
class _Remembered:
    span: Span
    feminine: bool


class SpeakerMemory:
    """The speakers seen so far in an article, for implicit subjects."""

    def __init__(self):
        self.seen: list[_Remembered] = []

    def remember(self, span: Span, feminine: bool) -> None:
        self.seen.append(_Remembered(span, feminine))

    def resolve(self, feminine: bool | None, before: int) -> Span | None:
        """The nearest earlier speaker, preferring one of the same gender among the last three."""
        earlier = [r for r in self.seen if r.span.start < before]
        if not earlier:
            return None
        if feminine is not None:
            for remembered in reversed(earlier[-3:]):
                if remembered.feminine == feminine:
                    return remembered.span
        return earlier[-1].span

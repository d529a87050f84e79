"""Finding the source's noun phrase around a reporting cue, and remembering it.

Verb-first order (``وقال وزير الخارجية الفرنسي إن``) takes the phrase after
the verb up to the complementiser, stopping at a comma (apposition), a time
adverb or a medium phrase (``في بيان``, ``لوكالة …``). Subject-first order
(``وكان متحدث باسم الحكومة قد أعلن أن``, ``مسؤولين قالوا إن``) takes the
phrase before the verb back to a clause boundary. Relayed speech (``نقلت
الوكالة عن الوزير قوله``) takes the phrase after ``عن``. When none is found
the cue's implicit subject is resolved by :class:`SpeakerMemory` to the nearest
earlier speaker, preferring one whose verb agreed in gender.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...arabic import fold as normalise
from ...document import Span
from .context import Context

__all__ = ["RELATIVE_PRONOUNS", "WORDING_HEADS", "WORDING_NOUNS", "WORDING_VERBS", "before_object", "find_speaker_phrase", "sentence_subject", "unnamed_source_at", "SpeakerMemory"]

MAX_PHRASE = 16
_MODAL = {"قد", "وقد", "فقد", "لقد"}
RELATIVE_PRONOUNS = {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي"}
_PREPOSITIONS = {"في", "من", "علي", "الي", "عن", "خلال", "بعد", "قبل", "منذ", "مع", "عبر", "حول", "ب"}
_PRONOUNS = {"هو", "هي", "هم", "هما", "انه", "انها", "انا", "نحن"}
_POSSESSIVE = ("هما", "هم", "هن", "ها", "ه")  # attached pronouns, longest first
# a preposition with an attached pronoun (أعرب فيها، علق عليها): never where a source's name starts
_PREPOSITION_PRONOUNS = {head + suffix for head in ("في", "علي", "عن", "من", "ل", "ب", "الي", "مع", "عند", "لدي")
                         for suffix in _POSSESSIVE} | {"فيه", "لديه", "لديها"}
_RELAY = {"نقل", "ينقل", "نقلت", "تنقل", "ونقل", "ونقلت", "نقلا", "ناقلا", "ناقلة"}
_SAYING_NOUN = {"قوله", "قولها", "قولهم", "قولهما", "القول"}  # نقل عن شهود عيان القول إن
# verbs of wording: the words in marks after them are the source's (وصف العقوبات "طعنة بالظهر"، هتفوا
# "فليسقط القيصر"), an object, never the source itself
WORDING_VERBS = {normalise(w) for w in ("وصف", "اعتبر", "رأى", "هتف", "ردد")}
# verbs whose object stands between their subject and their complement: wording (وصف X الهجوم بأنه) and
# urging or telling (طالب الحزب الحكومة بأن، حث الرئيس السكان على أن، حذر الطبيب المرضى من أن)
OBJECT_FIRST_VERBS = WORDING_VERBS | {normalise(w) for w in (
    "طالب", "دعا", "حث", "ناشد", "حذر", "نصح", "أوصى", "أبلغ", "أخبر", "طمأن", "وعد", "أمر", "أقنع", "ردد", "كرر",
    "جدد")}
# verbs of saying whose object is what was said, never a noun: a noun after them is their subject
# (not اعتبر/رأى, whose object comes first: اعتبر فيه الهجوم عدوانا)
_CLAUSE_ONLY_VERBS = {normalise(w) for w in ("قال", "أكد", "أضاف", "أوضح", "ذكر", "صرح", "رد", "علق", "اعتقد",
                                             "اعترف")}
# verbs of telling whose first object is the one spoken to (أبلغ الصحفيين أن)
ADDRESSEE_VERBS = {normalise(w) for w in ("أبلغ", "أخبر", "بلغ", "خاطب", "طمأن", "حدث", "ناشد", "صارح")}
_CAME = {"جاء", "وجاء", "ياتي", "وياتي", "تاتي", "وتاتي", "جاءت", "وجاءت"}
_DEMONSTRATIVES = {"ذلك", "هذا", "هذه", "ذاك", "تلك"}
# the narrator's "in the words of" (على حد تعبير، حسب قوله، بحسب وصف): what follows names the source
WORDING_HEADS = {"حد", "حسب", "بحسب", "وفق", "وفقا"}
WORDING_NOUNS = ("تعبير", "قول", "وصف", "توصيف")  # after them, with or without the source's pronoun (تعبيره)
_QUANTIFIERS = {"بعض", "كل", "عدد", "احد", "معظم", "اغلب", "جميع"}  # بعض المستخدمين: one phrase
UNNAMED = {"اسمه", "اسمها", "اسمهم", "اسمهما", "هويته", "هويتها", "هويتهم", "هويتهما"}  # لم يذكر اسمه


def unnamed_source_at(ctx: Context, k: int) -> bool:
    """Does token ``k`` say that a source is not named: ``اسمه`` (لم يذكر اسمه) or ``عن هويته``
    (طلب عدم الكشف عن هويته)?"""
    norms = ctx.norms
    return k < len(norms) and (norms[k] in UNNAMED or (norms[k] == "عن" and k + 1 < len(norms)
                                                       and norms[k + 1] in UNNAMED))


def _short_pair_at(ctx: Context, k: int):
    """The short (name-like) mark pair that token ``k`` belongs to, marks included."""
    for i in (k, k - 1, k + 1):
        if 0 <= i < len(ctx.inside) and ctx.inside[i] >= 0:
            pair = ctx.pairs[ctx.inside[i]]
            if pair.open <= ctx.tokens[k].start <= pair.close and pair.words(ctx.text) <= 4:
                return pair
    return None


def _valid_start(ctx: Context, k: int) -> bool:
    norm = ctx.norms[k]
    if not ctx.is_word(k) or ctx.is_mark(k):
        return False
    if ctx.is_folded_name(k):
        return True
    if norm.startswith("بال") and norm.endswith(("ية", "يه")):
        return False  # قال فيها بالبرتغالية: the language spoken (بالوتيلي، بالمر stay names)
    if norm in _CAME and k + 1 < len(ctx.norms) and ctx.norms[k + 1] in _DEMONSTRATIVES:
        return False  # جاء ذلك في تصريحات نقلتها صحيفة …، قال فيها: the narrator's frame, not a source
    bare = norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm
    # a word a subject starts after (كان، فيما، وفق، غير …) starts none; إن/أن are left to complementiser(): آن رافيل
    return not (norm in ctx.lex.stoppers or bare in ctx.lex.stoppers or norm in _PREPOSITIONS
                or (norm in ctx.lex.boundaries and norm not in ("ان", "بان"))
                or bare in _PREPOSITIONS or norm in _PRONOUNS or norm in _PREPOSITION_PRONOUNS or norm.startswith("لل")
                or (norm[:1] == "ل" and len(norm) > 4 and norm[1:] in ctx.lex.nouns)  # قال لرويترز: spoken to
                or ctx.complementiser(k) or _fa_inna(ctx, k) or ctx.cues[k] is not None)


def _fa_inna(ctx: Context, k: int) -> bool:
    """Is token ``k`` فإن / فأن (وبحسب الشرطة فإن …), spelt with hamza? Folded it is فان, the word of names
    such as فان ديك and لويس فان غال."""
    return ctx.tokens[k].text[:2] in ("فإ", "فأ") and ctx.lex.complementiser(ctx.norms[k][1:])


def _forward_stop(ctx: Context, k: int) -> bool:
    """Does token ``k`` end a verb-first speaker phrase?"""
    norm = ctx.norms[k]
    if ctx.in_abbreviation[k]:  # one name (بنك ايه.ان.زد), unless ل makes it the addressee (لسي.إن.إن)
        first_group = ctx.text[ctx.tokens[k].start - 1:ctx.tokens[k].start] != "."
        return first_group and norm.startswith("ل") and len(norm) > 2
    if ctx.is_comma(k) or ctx.is_mark(k):
        return True
    if ctx.is_colon(k) or ctx.tokens[k].text in ("؛", ";") or ctx.complementiser(k) or _fa_inna(ctx, k) \
            or ctx.cues[k] is not None:
        return True
    if k > 0 and ctx.norms[k - 1] in UNNAMED:
        return True  # مصدر فضل عدم ذكر اسمه | لرويترز
    bare = norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm
    if (norm in ctx.lex.stoppers or bare in ctx.lex.stoppers or norm in _SAYING_NOUN) and not ctx.is_folded_name(k):
        return not _describes_unnamed_source(ctx, k)
    if norm in ("في", "وفي") and k + 1 < len(ctx.norms):
        following = ctx.norms[k + 1]
        return _medium(ctx, following) or following in ctx.lex.stoppers or following in ctx.lex.places \
            or following in ("البداية", "النهاية") \
            or _owned_noun(following)  # وقال مادسن في البداية إن، وشدد ستولتنبرغ في تقديمه التقرير: when, not who
    if norm in ("عند", "لدي") and k + 1 < len(ctx.norms):
        return _owned_noun(ctx.norms[k + 1])  # وقال المدرب عند سؤاله، لدى وصوله (المندوب لدى الأمم المتحدة stays)
    return False


def _owned_stems(norm: str, shortest: int) -> tuple[str, ...]:
    """The noun under an owner's pronoun (بيانه → بيان، دراستها → دراسة), with a final ت in both spellings; none
    when ``norm`` carries no such pronoun on a stem of at least ``shortest`` letters."""
    for suffix in _POSSESSIVE:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= shortest:
            stem = norm[:-len(suffix)]
            return (stem, stem[:-1] + "ة") if stem.endswith("ت") else (stem,)
    return ()


def _owned_noun(norm: str) -> bool:
    """Does ``norm`` carry an owner's pronoun (تقديمه، توقعاتها، ردهم)? After a source, ``في`` + such a noun
    says when or where the source spoke (في توقعاتها السنوية); no source's name goes on that way."""
    return not norm.startswith("ال") and bool(_owned_stems(norm, 3))


def _describes_unnamed_source(ctx: Context, k: int) -> bool:
    """Does token ``k`` open ``لم يذكر اسمه`` / ``عن هويته``, the description of an unnamed source that
    belongs to its phrase (``مصدر لم يذكر اسمه``, ``مسؤول طلب عدم الكشف عن هويته``)?"""
    for j in range(k, min(k + 4, len(ctx.norms))):
        if ctx.norms[j] in UNNAMED:
            return True
        if ctx.is_punct(j) or ctx.complementiser(j):
            return False
    return False


def _medium(ctx: Context, norm: str) -> bool:
    """A noun of a speech event or medium (``بيان``, ``البيان``, ``بيانه``, ``دراستها``): after a speaker,
    ``في`` + such a noun says where it was said, not who said it."""
    media = ctx.lex.media
    bare = norm[2:] if norm.startswith("ال") else norm
    if norm in media or bare in media or "ال" + norm in media:
        return True
    return any(stem in media for stem in _owned_stems(norm, 3))


def _trim_phrase(ctx: Context, first: int, last: int) -> tuple[int, int] | None:
    while last >= first and (ctx.is_punct(last) or (ctx.norms[last] in _PREPOSITIONS and not ctx.is_folded_name(last))
                             or ctx.norms[last] in RELATIVE_PRONOUNS):  # وقال المسؤول | الذي تحدث …
        if ctx.is_mark(last) and last > first and ctx.inside[last - 1] >= 0 \
                and ctx.pairs[ctx.inside[last - 1]].open >= ctx.tokens[first].start:
            break  # the closing mark of a quoted name inside the phrase stays
        if ctx.tokens[last].text == ")":
            opening = next((i for i in range(last - 1, first - 1, -1) if ctx.tokens[i].text == "("), None)
            if opening is not None and not any(ctx.tokens[i].text[:1].isdigit() for i in range(opening, last)):
                break  # so does the bracket that closes an abbreviation in it: الاتحاد الدولي (فيفا)
            if opening is not None:  # an age in brackets, مانزوكيتش (32 عاما), is no part of the name
                last = opening
        last -= 1
    if last < first or not _valid_start(ctx, first):
        return None
    return first, last


def forward_phrase(ctx: Context, cue: int, limit: int) -> tuple[int, int] | None:
    """Token range of the speaker after the cue (tokens ``cue+1 .. limit-1``)."""
    first = cue + 1
    if ctx.norms[cue] in _RELAY:
        for k in range(cue + 1, min(limit, cue + 1 + MAX_PHRASE * 2)):
            if ctx.norms[k] == "عن" and not unnamed_source_at(ctx, k):
                first = k + 1
                break
    if first < limit and _resumed_subject_follows(ctx, cue, first):
        first += 1  # بيان قال فيه الوزير، الذي قال له المدرب: the subject follows the preposition's pronoun
    if first in ctx.opening and names_the_source(ctx, cue, first, limit):
        first += 1  # وقالت "رويترز" إن، نقلت الوكالة عن "مصدر أمني" أن: the name in marks is the source
    k = first
    while k < limit and k - first < MAX_PHRASE:
        if k in ctx.opening and k > first:
            pair = _short_pair_at(ctx, k)
            close = ctx.token_at(pair.close) if pair is not None else limit
            if close < limit:
                k = close + 1
                continue
        if _forward_stop(ctx, k):
            break
        k += 1
    if k == first:
        return None
    return _trim_phrase(ctx, first, k - 1)


def _resumed_subject_follows(ctx: Context, cue: int, k: int) -> bool:
    """Is token ``k``, right after a verb of saying, a preposition's pronoun after which the subject comes (بيان قال
    فيه الوزير، الذي رد عليه النادي)? Not after a verb that takes a noun object (بيانا دعت فيه مواطنيها)."""
    verb = ctx.cues[cue]
    return ctx.norms[k] in _PREPOSITION_PRONOUNS and verb is not None and verb.lemma in _CLAUSE_ONLY_VERBS


def names_the_source(ctx: Context, cue: int, opening: int, limit: int | None) -> bool:
    """Is the short quoted name opening at token ``opening``, right after the cue, its subject? It is when
    what follows the closing mark ends the phrase: the complement (إن، أن، :, at ``limit``; None when it is not
    known yet) or where it was said (في بيان). Not after ``بأن``, nor after a verb of wording: ووصف "وظيفتهم
    الاجتماعية" بأنها … is an object."""
    pair = _short_pair_at(ctx, opening)
    cue_of = ctx.cues[cue]  # a participle's subject is that of the main verb (مؤكدا "بلا اعتذار" أن …)
    if pair is None or cue_of is None or cue_of.kind != "verb" or cue_of.lemma in WORDING_VERBS:
        return False
    after = ctx.past_day_aside(ctx.token_at(pair.close) + 1)  # وذكرت "سكاي نيوز"، الأحد، أن
    if ctx.norms[cue] in _RELAY and after < len(ctx.norms) and ctx.norms[after] == "عن":
        return True  # ونقلت "رويترز" عن المدرب: the medium that relays, named in marks
    if limit is not None and after == limit:  # the complement starts right after the name
        return limit < len(ctx.norms) and not ctx.norms[limit].startswith("ب")
    if after >= (limit if limit is not None else len(ctx.norms)):
        return False
    return ctx.is_colon(after) or (ctx.norms[after] in ("في", "وفي") and after + 1 < len(ctx.norms)
                                             and _medium(ctx, ctx.norms[after + 1]))


def backward_phrase(ctx: Context, cue: int, floor: int) -> tuple[int, int] | None:
    """Token range of a subject before the verb (subject-first order)."""
    k = cue - 1
    while k >= floor and ctx.norms[k] in _MODAL:
        k -= 1
    if k >= floor and ctx.norms[k] in RELATIVE_PRONOUNS:  # "X الذي قال": the antecedent
        k -= 1
    last = k
    boundaries = ctx.lex.boundaries
    while k >= floor:
        norm = ctx.norms[k]
        if ctx.inside[k] >= 0 or ctx.is_mark(k):
            if _short_pair_at(ctx, k) is not None:  # a quoted name inside the phrase
                k -= 1
                continue
            break
        if (norm in boundaries or (ctx.is_colon(k) or ctx.tokens[k].text in ("؛", ";")) or ctx.is_mark(k)
                or ctx.complementiser(k) or ctx.cues[k] is not None
                or norm in ("لكنه", "ولكنه", "لكنها", "ولكنها", "بل", "فان", "فانه", "فانها")):
            break
        if last - k >= MAX_PHRASE:
            return None
        k -= 1
    first = k + 1
    if floor < first <= last and ctx.norms[first - 1] in _MODAL:
        first += 1  # صورة نيمار قد أغضبت | متابعي النجم، والذين رأوا: the word after قد is a verb
    if first > last:
        return None
    # Several comma-separated chunks: the head noun phrase is the first one.
    end = first
    while end <= last and not ctx.is_comma(end):
        end += 1
    return _trim_phrase(ctx, first, end - 1)


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
    if allow_backward and cue > floor and ctx.norms[cue - 1] == "قد":
        found = backward_phrase(ctx, cue, floor)
        if found is not None:
            return found
    if allow_backward and _subject_before_object_first_verb(ctx, cue, floor):
        # نتانياهو يتهم ظريف "بالكذب": a subject before a verb that takes its object first; what follows is the object
        found = backward_phrase(ctx, cue, floor)
        if found is not None and found[1] == cue - 1 and _plain_noun_phrase(ctx, *found):
            return found
    # X الذي قال: X is the subject, unless a pronoun after the verb stands for X (اليوم الذي قال فيه الوزير)
    found = forward_phrase(ctx, cue, limit) if ctx.norms[cue - 1] not in RELATIVE_PRONOUNS or (
        cue + 1 < limit and _resumed_subject_follows(ctx, cue, cue + 1)) else None
    if found is not None and (_audience(ctx, cue, found) or _stance_shown(ctx, found)):
        found = None
    elif found is not None and found[1] > found[0] and ctx.norms[found[1] - 1] not in _QUANTIFIERS \
            and _audience(ctx, cue, (found[1], found[1]), plural_only=True):
        found = (found[0], found[1] - 1)  # وأبلغ ترامب | الصحفيين أن: the speaker, then the ones spoken to
    elif found is not None and ctx.cues[cue] is not None and ctx.cues[cue].lemma in OBJECT_FIRST_VERBS:
        # وصف السفير | الهجوم بأنه، طالب الحزب | الحكومة بأن: the object comes before the complement
        found = before_object(ctx, *found)
    if found is None and allow_backward:
        found = backward_phrase(ctx, cue, floor)
        if found is not None and found[0] == floor and _opens_with_a_verb(ctx, floor, cue):
            # وأصدر تيار المستقبل بيانا تحدث فيه: the phrase before the verb is a clause; its subject speaks
            found = sentence_subject(ctx, floor, cue)
    return found


def _stance_shown(ctx: Context, phrase: tuple[int, int]) -> bool:
    """Does the phrase after a verb open with a stance and its owner's pronoun (وأكد رفضه، وأبدت أسفها لكون …)?
    Then it is the verb's object, and the subject is unstated."""
    return any(stem in ctx.lex.stances for stem in _owned_stems(ctx.norms[phrase[0]], 2))


def _subject_before_object_first_verb(ctx: Context, cue: int, floor: int) -> bool:
    """Is the word right before a verb that takes its object first (وصف، حذر، طالب …) a noun, its subject
    (جونسون وصف الرداء بأنه، دمشق تصف المساهمة "…")? Not a particle, an adverb or a verb (وبينما رأت، مازال يرى)."""
    verb = ctx.cues[cue]
    if cue <= floor or verb is None or verb.kind != "verb" or verb.lemma not in OBJECT_FIRST_VERBS:
        return False
    before = cue - 1
    norm = ctx.norms[before]
    bare = norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm
    if not ctx.is_word(before) or ctx.is_punct(before) or ctx.inside[before] >= 0:
        return False
    lex = ctx.lex
    if {norm, bare} & (_NOT_VERBS | lex.boundaries | lex.stoppers | RELATIVE_PRONOUNS) \
            or bare in ("حين", "زال", "مازال", "تم", "يتم", "هناك", "وسط", "حيث", "اذ", "ابسط"):
        return False
    return not (norm.endswith("ا") and norm not in lex.nouns) and not ctx.lex.cue(norm)


def _plain_noun_phrase(ctx: Context, first: int, last: int) -> bool:
    """A short phrase that opens with a noun (no و or particle before it unless the lists know the word) and holds
    no preposition with a pronoun (تحدثنا إليهم، يدرج فيه): what a subject before its verb looks like."""
    norm = ctx.norms[first]
    if last - first > 5 or not _valid_start(ctx, first) or norm in _NOT_VERBS or norm in ctx.lex.boundaries:
        return False
    if norm[:1] in ("و", "ف") and not norm.startswith(("وال", "فال")) and norm not in ctx.lex.nouns:
        return False
    return not any(ctx.norms[i] in _PREPOSITION_PRONOUNS for i in range(first, last + 1))


def _opens_with_a_verb(ctx: Context, first: int, cue: int) -> bool:
    """Does the sentence open with و and a verb (وأصدر، وجاءت، ويأتي)? A word with و that names no thing the
    lists know (وزير، وكالة، واشنطن), followed by more words before the cue."""
    norm = ctx.norms[first]
    if cue - first < 3 or norm[:1] != "و" or norm.startswith("وال") or len(norm) < 4:
        return False
    return not ({norm, norm[1:]} & ctx.lex.nouns or {norm, norm[1:]} & _NOT_VERBS or norm in ctx.lex.boundaries)


_KANA = {"كان", "وكان", "كانت", "وكانت"}
_NEGATIONS = {"ولم", "فلم", "ولن"}  # with و/ف: read as a verb, they took it into the subject
# words that open a sentence but are no verb: particles, pronouns, prepositions
_NOT_VERBS = _PRONOUNS | (_PREPOSITIONS - {"عبر", "حول"}) | {
    "وفي", "ومن", "كما", "ثم", "لكن", "ولكن", "اما", "وقد", "قد", "لقد", "فقد", "كان", "وكان", "كانت", "وكانت", "هذا",
    "هذه", "ذلك", "تلك", "وهذا", "وهو", "وهي", "ان", "بان", "اذا", "لم", "لن", "لا", "ما", "وفق", "وفقا", "بحسب", "او",
    "بل", "هل", "اذ", "لو", "كل", "يا", "اي", "عند", "لدي", "ولا", "فلا"}


def sentence_subject(ctx: Context, first: int, before: int) -> tuple[int, int] | None:
    """The subject of a sentence that opens with a verb which reports nothing (``أدان المتحدث باسم الحكومة
    التصريحات، قائلا إن``، ``استقال المدرب من منصبه، مبررا ذلك``): the noun phrase after the sentence's
    first word, when that word can be a verb (no article, not a particle) and the phrase ends before
    ``before``. The participle's speaker, when its clause has no reporting verb."""
    # من جانبه / من جهته / بدوره open the sentence without a comma: the verb follows them
    if first + 1 < before and ctx.norms[first] in ("من", "ومن") and ctx.norms[first + 1].startswith(("جانب", "جهت")):
        first += 2
    elif ctx.norms[first].startswith(("بدور", "وبدور")):
        first += 1
    if first + 1 < before and ctx.norms[first] in _NEGATIONS:  # ولم تقدم الشرطة أي رقم: the verb follows لم
        first += 1
    if ctx.norms[first] in _KANA:  # وكان بوفون، حارس المرمى، قد أبدى …، وصرح: the subject is between كان and قد
        qad = next((i for i in range(first + 2, min(before, first + MAX_PHRASE)) if ctx.norms[i] == "قد"), None)
        if qad is not None:
            return forward_phrase(ctx, first, qad)
    # a fronted adverbial (وفي سياق متصل، …؛ ردا على الاتهامات، …): the verb follows its comma
    comma = next((i for i in range(first, min(before, first + 6)) if ctx.is_comma(i)), None)
    if comma is not None and (ctx.norms[first] in _NOT_VERBS or ctx.norms[first].startswith(("ال", "وال"))
                              or ctx.norms[first].endswith("ا")):
        first = comma + 1
    if before - first < 2 or not ctx.is_word(first) or ctx.inside[first] >= 0:
        return None
    norm = ctx.norms[first]
    if norm.startswith(("ال", "وال", "فال")) or norm in _NOT_VERBS or norm in _RELAY or len(norm) < 2:
        return None
    found = forward_phrase(ctx, first, before)
    if found is None or found[1] >= before:
        return None
    return before_object(ctx, *found)


_NISBA = ("ي", "ية", "يين", "يون", "يان", "يات")
# definite adjectives without the nisba ending that follow a title or a name's head (الأمين العام،
# الولايات المتحدة، المدير السابق)
_ADJECTIVES = {normalise(w) for w in (
    "العام", "العامة", "الخاص", "الخاصة", "المتحدة", "الجديد", "الجديدة", "الكبير", "الكبرى", "الأعلى", "العليا",
    "الأول", "الأولى", "السابق", "السابقة", "الأسبق", "المقبل", "المقبلة", "المساعد", "المساعدة", "الدائم",
    "الدائمة", "المؤقت", "المؤقتة", "الأكبر", "المستقل", "المستقلة", "المكلف", "المكلفة", "المنتهية",
    # numerals after a counted noun (الدول الخمس، الأعضاء الثلاثة)
    # colours (البيت الأبيض، الصليب الأحمر، الخوذ البيضاء)
    "الأبيض", "البيضاء", "الأحمر", "الحمراء", "الأسود", "السوداء", "الأخضر", "الخضراء", "الأزرق", "الزرقاء",
    "الاثنان", "الاثنين", "الثلاث", "الثلاثة", "الأربع", "الأربعة", "الخمس", "الخمسة", "الست", "الستة", "السبع",
    "السبعة", "الثماني", "الثمانية", "التسع", "التسعة", "العشر", "العشرة")}


def before_object(ctx: Context, first: int, last: int) -> tuple[int, int]:
    """Cut a verb's subject before its object: after a definite word, another definite word that is no
    nisba adjective (``المتحدث باسم الحكومة | الهجوم``), an indefinite accusative or plural (``الوزير |
    مؤتمرا``، ``المتظاهرون | هتافات``), a noun with a possessive pronoun (``الرئيس | تأكيده``),
    a preposition with the article (``الدول الخمس | بالسياسة``) or ``في`` starts what the verb did, not who did it (``مدرب المنتخب الوطني``، ``الكتائب وسرايا القدس``
    stay whole)."""
    norms = ctx.norms
    for i in range(first + 1, last + 1):
        previous, norm = norms[i - 1], norms[i]
        if not previous.startswith("ال"):
            continue
        indefinite = not norm.startswith(("ال", "و", "لل"))
        # لل after a title's adjective is its genitive (الأمين العام للأمم المتحدة، القيادة العامة للقوات)
        title_genitive = norm.startswith("لل") and (previous in _ADJECTIVES or previous.endswith(_NISBA))
        if (norm.startswith("ال") and not norm.endswith(_NISBA) and norm not in _ADJECTIVES) or norm == "في" \
                or (norm.startswith(("بال", "لل", "كال")) and not title_genitive) \
                or (indefinite and len(norm) > 3 and norm.endswith(("ا", "ات", "ه", "ها", "هم"))):
            return first, i - 1
    return first, last


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

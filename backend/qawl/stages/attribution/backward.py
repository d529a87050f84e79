"""Subject-first order: the source's phrase before its cue (``وكان متحدث باسم الحكومة قد أعلن أن``,
``مسؤولين قالوا إن``), back to a clause boundary; the subject of a sentence's opening verb; and where a verb's
subject ends and its object starts."""

from __future__ import annotations

from ...arabic import fold as normalise
from .context import Context
from .forward import forward_phrase, short_pair_at, trim_phrase, valid_start
from .phrase_words import (GOING_ON, MAX_PHRASE, MODAL, NAME_TITLES, OBJECT_FIRST_VERBS, PREPOSITION_PRONOUNS,
                           PREPOSITIONS, PRONOUNS, RELATIVE_PRONOUNS, RELAY)

__all__ = ["backward_phrase", "before_object", "opens_with_a_verb", "plain_noun_phrase", "sentence_subject",
           "subject_after_kana", "subject_before_object_first_verb"]


_MA = {"ما", "وما", "فما"}
_AS_REGARDS = {"يتعلق", "يخص", "تتعلق", "تخص"}  # فيما يتعلق بـ، فيما يخص، عندما يتعلق الأمر بـ


def backward_phrase(ctx: Context, cue: int, floor: int) -> tuple[int, int] | None:
    """Token range of a subject before the verb (subject-first order)."""
    k = cue - 1
    while k >= floor and ctx.norms[k] in MODAL:
        k -= 1
    if k >= floor and ctx.norms[k] in GOING_ON:
        return None  # ومضى يقول: a verb, no subject; the speaker is the one before
    if k >= floor and ctx.norms[k] in _MA:
        return None  # ما before a verb is its object (استهدفت ما قالت إنه) or part of an adverb (سرعان ما، وهو ما)
    if k >= floor and ctx.norms[k] in RELATIVE_PRONOUNS:  # "X الذي قال": the antecedent
        k -= 1
    last = k
    boundaries = ctx.lex.boundaries
    while k >= floor:
        norm = ctx.norms[k]
        if ctx.inside[k] >= 0 or ctx.is_mark(k):
            if short_pair_at(ctx, k) is not None:  # a quoted name inside the phrase
                k -= 1
                continue
            break
        if (norm in boundaries or (ctx.is_colon(k) or ctx.tokens[k].text in ("؛", ";")) or ctx.is_mark(k)
                or ctx.complementiser(k) or ctx.cues[k] is not None
                or norm in ("لكنه", "ولكنه", "لكنها", "ولكنها", "بل", "فان", "فانه", "فانها")):
            break
        if norm in _AS_REGARDS:
            return None  # وفيما يتعلق بالأجور، قال: the topic; the verb's subject is its pronoun, an earlier speaker
        if last - k >= MAX_PHRASE:
            return None
        k -= 1
    first = k + 1
    if floor < first <= last and ctx.norms[first - 1] in MODAL:
        first += 1  # صورة نيمار قد أغضبت | متابعي النجم، والذين رأوا: the word after قد is a verb
    if first > last:
        return None
    # Several comma-separated chunks: the head noun phrase is the first one.
    end = first
    while end <= last and not ctx.is_comma(end):
        end += 1
    return trim_phrase(ctx, first, end - 1)


def subject_before_object_first_verb(ctx: Context, cue: int, floor: int) -> bool:
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


def plain_noun_phrase(ctx: Context, first: int, last: int) -> bool:
    """A short phrase that opens with a noun (no و or particle before it unless the lists know the word) and holds
    no preposition with a pronoun (تحدثنا إليهم، يدرج فيه): what a subject before its verb looks like."""
    norm = ctx.norms[first]
    if last - first > 5 or not valid_start(ctx, first) or norm in _NOT_VERBS or norm in ctx.lex.boundaries:
        return False
    if norm[:1] in ("و", "ف") and not norm.startswith(("وال", "فال")) and norm not in ctx.lex.nouns:
        return False
    return not any(ctx.norms[i] in PREPOSITION_PRONOUNS for i in range(first, last + 1))


def opens_with_a_verb(ctx: Context, first: int, cue: int) -> bool:
    """Does the sentence open with و and a verb (وأصدر، وجاءت، ويأتي)? A word with و that names no thing the
    lists know (وزير، وكالة، واشنطن), followed by more words before the cue."""
    norm = ctx.norms[first]
    if cue - first < 3 or norm[:1] != "و" or norm.startswith("وال") or len(norm) < 4:
        return False
    return not ({norm, norm[1:]} & ctx.lex.nouns or {norm, norm[1:]} & _NOT_VERBS or norm in ctx.lex.boundaries)


_KANA = {"كان", "وكان", "كانت", "وكانت"}
# words after which كان opens a subordinate clause (عما إذا كانت، عندما كان، لو كان)
_SUBORDINATORS = {"اذا", "عما", "ما", "لو", "عندما", "حين", "حينما", "بعدما", "كلما", "بينما", "فيما"}
_NEGATIONS = {"ولم", "فلم", "ولن"}  # with و/ف: read as a verb, they took it into the subject
# words that open a sentence but are no verb: particles, pronouns, prepositions
_NOT_VERBS = PRONOUNS | (PREPOSITIONS - {"عبر", "حول"}) | {
    "وفي", "ومن", "كما", "ثم", "لكن", "ولكن", "اما", "وقد", "قد", "لقد", "فقد", "كان", "وكان", "كانت", "وكانت", "هذا",
    "هذه", "ذلك", "تلك", "وهذا", "وهو", "وهي", "ان", "بان", "اذا", "لم", "لن", "لا", "ما", "وفق", "وفقا", "بحسب", "او",
    "بل", "هل", "اذ", "لو", "كل", "يا", "اي", "عند", "لدي", "ولا", "فلا"}


def subject_after_kana(ctx: Context, cue: int, found: tuple[int, int]) -> tuple[int, int] | None:
    """The subject between كان and the verb (وكان ترمب اتهم الصين بممارسات، وكانت الحكومة أبلغت السفير أن): a
    short noun phrase right before the cue with a form of كان before it. What follows the verb is its object.
    Not when كان opens a clause of its own (عما إذا كانت إسرائيل مستعدة لحرب قال نتانياهو، عندما كانت تقدم الجوائز
    قالت الممثلة) or the words hold one (وكان آخر تصعيد عندما قال): then the cue's subject follows it. ``found``
    is the cue's backward phrase."""
    if ctx.norms[cue] in RELAY:
        return None  # وكانت الوكالة نقلت عن الوزير: the relayed source speaks
    if found[1] != cue - 1 or found[0] == 0 or ctx.norms[found[0] - 1] not in _KANA \
            or (found[0] > 1 and _subordinator(ctx.norms[found[0] - 2])) \
            or any(_subordinator(ctx.norms[k]) for k in range(found[0], cue)) \
            or (ctx.norms[found[0]].startswith("ي") and ctx.norms[found[0]] not in ctx.lex.nouns):
        # أردوغان كان | يتناول القضايا: a verb, the subject is before كان (كانت يسرى تتابع: a listed name)
        return None
    return found if plain_noun_phrase(ctx, *found) else None


def _subordinator(norm: str) -> bool:
    return norm in _SUBORDINATORS or (norm[:1] in ("و", "ف") and norm[1:] in _SUBORDINATORS)  # وبينما، فإذا


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
    if norm.startswith(("ال", "وال", "فال")) or norm in _NOT_VERBS or norm in RELAY or len(norm) < 2:
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
    "الركن", "المشارك", "المشاركة", "المعني", "المعنية", "المختص", "المختصة", "المسلح", "المسلحة",
    # numerals after a counted noun (الدول الخمس، الأعضاء الثلاثة)
    # colours (البيت الأبيض، الصليب الأحمر، الخوذ البيضاء)
    "الأبيض", "البيضاء", "الأحمر", "الحمراء", "الأسود", "السوداء", "الأخضر", "الخضراء", "الأزرق", "الزرقاء",
    "الاثنان", "الاثنين", "الثلاث", "الثلاثة", "الأربع", "الأربعة", "الخمس", "الخمسة", "الست", "الستة", "السبع",
    "السبعة", "الثماني", "الثمانية", "التسع", "التسعة", "العشر", "العشرة")}


_NAME_LINKS = {"عبد", "بن", "ابن", "ابو", "بنت", "ام", "ال"}  # عبد الله، بن سلمان آل سعود: the name goes on
_ORDINALS = {"الاول", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"}  # محمد السادس


def before_object(ctx: Context, first: int, last: int) -> tuple[int, int]:
    """Cut a verb's subject before its object: after a definite word, another definite word that is no
    nisba adjective (``المتحدث باسم الحكومة | الهجوم``), an indefinite accusative or plural (``الوزير |
    مؤتمرا``، ``المتظاهرون | هتافات``), a noun with a possessive pronoun (``الرئيس | تأكيده``), a
    preposition with the article (``الدول الخمس | بالسياسة``) or ``في`` starts what the verb did, not who
    did it (``مدرب المنتخب الوطني``، ``الكتائب وسرايا القدس`` stay whole; so does a listed person's name after a
    title, whatever its ending: ``الشيخ عبدالله بن زايد``)."""
    norms = ctx.norms
    named = False  # past a title and its name (ولي العهد السعودي الأمير محمد بن سلمان | الهجوم)
    for i in range(first + 1, last + 1):
        previous, norm = norms[i - 1], norms[i]
        if named and not previous.startswith("ال") and previous not in _NAME_LINKS and norm != "ال" \
                and norm.startswith("ال") and not norm.endswith(_NISBA) and norm not in _ORDINALS and ctx.inside[i] < 0:
            return first, i - 1  # the name ends where a definite word opens the object
        if not previous.startswith("ال") or previous == "ال" or ctx.inside[i] >= 0 \
                or (named and previous in NAME_TITLES):
            continue  # a name in marks is one unit (لمنظمة "النساء الآن"); a title's name (الملك عبدالله); آل الشيخ
        if norm in NAME_TITLES and i + 1 <= last and not norms[i + 1].startswith("ال"):
            named = True
            continue  # a title and a name after the description: still the subject
        if norm in ctx.lex.person_words:
            continue  # a person's name after a title, not an object for its ending (المستشارة الألمانية أنغيلا ميركل)
        if previous + " " + norm in ctx.lex.names:
            continue  # a listed name's two words (وزير شؤون الشرق الأوسط، الاتحاد الأوروبي): one unit
        indefinite = not norm.startswith(("ال", "و", "لل"))
        # لل after a title's adjective is its genitive (الأمين العام للأمم المتحدة، القيادة العامة للقوات)
        title_genitive = norm.startswith("لل") and (previous in _ADJECTIVES or previous.endswith(_NISBA))
        if (norm.startswith("ال") and not norm.endswith(_NISBA) and norm not in _ADJECTIVES) or norm == "في" \
                or (norm.startswith(("بال", "لل", "كال")) and not title_genitive) \
                or (indefinite and len(norm) > 3 and norm.endswith(("ا", "ات", "ه", "ها", "هم"))):
            return first, i - 1
    return first, last

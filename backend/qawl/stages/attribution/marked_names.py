"""Marked passages that are names or terms, not what someone said.

Why: quotation marks in Arabic news hold names as often as words spoken:
an outlet (``صحيفة "الحياة"``), the one spoken to (``قال لـ"سكاي نيوز عربية"``),
a term (``ما يعرف بـ"الربيع العربي"``), a brand in Latin letters. The quotes
stage asks this module before it reads a pair of marks as a direct quote.
"""

from __future__ import annotations

import re

from ...arabic import fold as normalise
from .context import Context, spells_letter_names
from .marks import MarkPair
from .phrase_words import POSSESSIVE, RELATIVE_PRONOUNS, WORDING_VERBS, owned_stems

__all__ = ["FRAGMENT_LEAD", "LONG_NAME", "is_marked_name", "is_two_word_term"]

# "as … reported" before a verb (وفق ما نقلت، حسبما ذكرت): the marks after the verb name the source
_AS_REPORTED = {"حسبما", "بحسبما", "وحسبما", "وفقما"}
_AS_REPORTED_HEADS = {"وفق", "حسب", "بحسب", "وفقا", "ووفق", "وحسب", "وبحسب"}
_WHERE = {"في", "وفي", "خلال", "امام"}  # before a marked name of a place or event
# naming nouns that are also verbal nouns, which open what was said as often as a name (أملها في "تنظيم زيارتين …")
_VERBAL_NAME_NOUNS = {normalise(w) for w in ("تنظيم", "عملية", "عمليات", "حملة", "خطة", "مشروع", "مبادرة", "تمرين",
                                             "وصف", "تسمية", "اتفاق", "قانون", "نظام")}
LONG_NAME = 8  # words: a marked passage this long after a naming noun is not the name's
FRAGMENT_LEAD = {"عن", "ب", "علي", "الي", "من", "بان", "ان"}  # أعرب عن "…"، وصفه بـ"…"
_NAME_PREFIXES = ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل", "ف")
_FRAGMENT_LEAD_WORDS = {"بالقول", "قائلا", "قائلة", "قائلين"}
# naming nouns that name the owner's thing when a pronoun is attached (حسابه على "تويتر"، مسلسلها "…")
_OWNED_NAME_NOUNS = {normalise(w) for w in ("حساب", "صفحت", "اسم", "مسلسل", "فيلم", "برنامج", "ألبوم", "أغنيت",
                                            "تطبيق", "موقع", "قنات")}
_ITLAQ = ("يطلق", "تطلق", "اطلق", "اطلقت", "اطلقوا", "يطلقون", "نطلق")  # أطلق على: to name
_WORDING_STEMS = ("وصف", "ووصف", "يصف", "تصف", "نصف")  # وصفته بـ"…", with any object pronoun
# verbs of naming before بـ/إلى: the marked words after them are a name or term (ما يعرف بـ"الربيع العربي")
_NAMING_VERBS = {normalise(w) for w in ("يوصف", "توصف", "يعرف", "تعرف", "عرف", "عرفت", "يسمى", "تسمى", "سمي",
                                        "سميت", "يسمي", "تسمي", "المعروف", "المعروفة", "الملقب", "الملقبة", "يلقب",
                                        "تلقب", "لقب", "يدعى", "تدعى", "المسمى", "المسماة")}
# of these, the ones after which a short passage in marks is always a name (لكاهنة تدعى "حتبت"، الملقب "…")
_CALLED = {normalise(w) for w in ("يدعى", "تدعى", "يسمى", "تسمى", "سمي", "سميت", "الملقب", "الملقبة", "يلقب", "تلقب",
                                  "المعروف", "المعروفة", "المسمى", "المسماة")}
MAX_GLUED_NAME_WORDS = 4
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_GLUED_PREPOSITIONS = {"ل", "ول"}  # لـ"…" against the mark: to or of a name (بـ"…" may lead a quoted fragment)


def is_marked_name(ctx: Context, open_token: int) -> bool:
    """Is the mark at ``open_token`` preceded by a naming noun (صحيفة "…"), or are a few words glued to
    a preposition (قال لـ"سكاي نيوز عربية": the addressee, a name, not what was said)? A longer passage
    after لـ may still be quoted words (يدعو إلى التوصل لـ"حل سياسي واقعي، وعملي ومستدام …")."""
    p = open_token - 1
    if _named_by_itlaq(ctx, open_token):
        return True  # ويطلق عليها "سويسرا آسيا"
    pair = ctx.opening.get(open_token)
    words = pair.words(ctx.text) if pair is not None else 0
    short = pair is not None and words <= MAX_GLUED_NAME_WORDS  # a name's length
    if short:
        inside = ctx.text[pair.start:pair.end]
        if spells_letter_names(inside):
            return True  # مكتب التحقيقات الفيدرالي "إف بي آي": an abbreviation
        if normalise(inside.strip()) in ctx.lex.names:
            return True  # وأفادت "رويترز"، علقت "فيسبوك": a listed name
        for v in (p, p - 1):  # وفق ما نقلت "فرانس برس"، حسبما أكدت مصادر "سكاي نيوز عربية"
            if v >= 1 and (ctx.cues[v] is not None or _cue_with_object_pronoun(ctx, ctx.norms[v])) and (
                    ctx.norms[v - 1] in _AS_REPORTED or (v >= 2 and ctx.norms[v - 1] == "ما"
                                                         and ctx.norms[v - 2] in _AS_REPORTED_HEADS)):
                return True  # the source of the narrator's report, a name
    if short and p >= 0 and ctx.norms[p] in _GLUED_PREPOSITIONS \
            and ctx.tokens[p].end == ctx.tokens[open_token].start:
        return True
    if (pair is not None and p >= 0 and ctx.cues[p] is None and not ctx.is_colon(p)
            and not _ARABIC_LETTER.search(ctx.text, pair.start, pair.end)):
        return True  # Latin words in marks, not right after a verb or colon: a brand or title ("iOS 12 beta")
    if (short and open_token + 1 < len(ctx.norms) and ctx.norms[open_token + 1] in ctx.lex.organisation_heads
            and (p < 0 or ctx.cues[p] is None) and _names_more_than_a_kind(ctx, pair)):
        return True  # لمتمردي "حزب العمال الكردستاني"، مسلحو "وحدات حماية الشعب": an organisation's name
    if (pair is not None and p >= 0 and ctx.norms[p] in _WHERE and words < LONG_NAME
            and open_token + 1 < len(ctx.norms) and ctx.norms[open_token + 1] in ctx.lex.name_nouns
            and ctx.norms[open_token + 1] not in _VERBAL_NAME_NOUNS):
        return True  # تتحدث في "منتدى المالية العامة …": where it was said, named by its own head noun
    if pair is not None and words <= 3 and _platform_of_account(ctx, p):
        return True  # من خلال حسابه الرسمي على "انستغرام": where the account is, a name
    while p >= 0 and ctx.norms[p] in ("ب", "ل", "و", "ك"):  # بـ"…" / لـ"…"
        p -= 1
    if p < 0:
        return False
    if short and (_is_naming_verb(ctx.norms[p]) if p < open_token - 1 else ctx.norms[p] in _CALLED):
        return True  # لكاهنة تدعى "حتبت"، تعرف بـ"المسكوبية"، ما يسمى بـ"…": a name or a term
    if pair is not None and words < LONG_NAME and _is_naming_verb(ctx.norms[p]) and _after_ma(ctx, p):
        return True  # ما يسمى "نظام التجارة الدولية القائم على القواعد": the narrator's term, however long
    if pair is not None and words <= 3 and p == open_token - 1 and ctx.norms[p] in ("مصادر", "ومصادر"):
        return True  # أفادت مصادر "سكاي نيوز عربية": the medium's (أحد المصادر "…" may still quote)
    reach = 2 if pair is not None and words <= 3 else 1  # وكالة الأنباء "…"
    if _cue_with_object_pronoun(ctx, ctx.norms[p]) or (ctx.norms[p].startswith(_WORDING_STEMS)
                                                       and ctx.norms[p].endswith(POSSESSIVE)):
        reach = 1  # مسيرة وصفها بـ"أجمل رحلة": the verb's own words, whatever noun came before it
    for q in range(p, max(-1, p - reach), -1):
        norm = ctx.norms[q]
        variants = {norm} | {norm[len(x):] for x in _NAME_PREFIXES
                             if norm.startswith(x) and len(norm) > len(x) + 1}
        if words <= 3:  # with a possessive pronoun: اسمها "…"، حسابها على "…"، مسلسلها "…"
            variants |= _owned_name_nouns(norm)
        if variants & ctx.lex.name_nouns:
            return True
    return False


def _platform_of_account(ctx: Context, p: int) -> bool:
    """Is token ``p`` على/عبر after an owned account or page a few words back (حسابه الرسمي على، صفحتها عبر)?"""
    if p < 1 or ctx.norms[p] not in ("علي", "عبر"):
        return False
    return any(_owned_name_nouns(ctx.norms[q]) for q in range(p - 1, max(-1, p - 4), -1))


def _owned_name_nouns(norm: str) -> set[str]:
    """The naming noun under an owner's pronoun in ``norm`` (حسابه → حساب، صفحتها → صفحت), if it is one that names
    the owner's own thing; empty otherwise."""
    return set(owned_stems(norm, 2)) & _OWNED_NAME_NOUNS


def _cue_with_object_pronoun(ctx: Context, norm: str) -> bool:
    """A reporting verb with an attached object pronoun (بحسب ما نقلته، وفق ما ذكرته)."""
    return any(ctx.lex.cue(stem) is not None for stem in owned_stems(norm, 3))


def is_two_word_term(ctx: Context, open_token: int, cue: int) -> bool:
    """Two words in marks, away from the reporting verb of their sentence: a name or a term (طائرات
    "إف 16"، وادي "نهر أوروبامبا") unless a word ties them to speech (أعرب عن "…"، وصفه بأنه "…"،
    بالقول "…") or the verb is one of wording (وصف العقوبات "طعنة بالظهر"، هتفوا "فليسقط القيصر")."""
    before = open_token - 1
    if before >= 0 and (ctx.norms[before] in _FRAGMENT_LEAD_WORDS or ctx.complementiser(before)):
        return False
    if before >= 1 and ctx.norms[before] in FRAGMENT_LEAD and (
            ctx.cues[before - 1] is not None or ctx.norms[before - 1].startswith(_WORDING_STEMS)
            or not (_is_naming_verb(ctx.norms[before - 1]) or _in_relative_clause(ctx, cue, before))):
        # أعرب … عن "…"، الذي وصفته بـ"…": not a name's verb (ما يعرف بـ"…") nor a relative clause's (الذي
        # انتقل إلى "…")
        return False
    return ctx.cues[cue].lemma not in WORDING_VERBS


def _names_more_than_a_kind(ctx: Context, pair: MarkPair) -> bool:
    """Does a marked passage that opens with an organisation's head noun go on to a name (حزب الله، جبهة النصرة،
    حركة إنقاذ أزواد) rather than a description (منظمة إرهابية، ائتلاف كبير: what a source called it)?"""
    words = ctx.text[pair.start:pair.end].split()
    last = normalise(words[-1]) if words else ""
    return len(words) >= 2 and (last.startswith("ال") or (len(words) >= 3 and not last.endswith(("ية", "يه"))))


def _after_ma(ctx: Context, p: int) -> bool:
    """Is the verb at ``p`` that of ``ما يسمى`` / ``ما بات يعرف``, the narrator's "what is called"?"""
    k = p - 1 if p >= 1 and ctx.norms[p - 1] not in ("بات", "اصبح", "صار") else p - 2
    return k >= 0 and ctx.norms[k] in ("ما", "وما")


def _is_naming_verb(norm: str) -> bool:
    return norm in _NAMING_VERBS or (norm[:1] == "و" and norm[1:] in _NAMING_VERBS)  # وتسمى بـ"…"


def _named_by_itlaq(ctx: Context, open_token: int) -> bool:
    """``يطلق عليها "…"``، ``أطلق عليه اسم "…"``: the marks after these hold a name."""
    p = open_token - 1
    if p >= 0 and ctx.norms[p] in ("اسم", "لقب", "تسمية"):
        p -= 1
    return p >= 1 and ctx.norms[p].startswith("علي") and ctx.norms[p - 1].lstrip("و").endswith(_ITLAQ)


def _in_relative_clause(ctx: Context, cue: int, k: int) -> bool:
    """Does a relative clause opened after ``cue`` still run at token ``k`` (no comma has closed it), and is its
    verb no verb of wording (التي وصفتها السعودية حينها بـ"…" is the wording's source's)?"""
    for i in range(k - 1, cue, -1):
        if ctx.norms[i] in RELATIVE_PRONOUNS:
            return True
        if ctx.is_comma(i) or ctx.norms[i].startswith(_WORDING_STEMS) or ctx.norms[i] in ctx.lex.boundaries:
            return False
    return False

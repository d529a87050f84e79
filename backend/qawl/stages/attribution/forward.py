"""Verb-first order: the source's phrase after its cue (``وقال وزير الخارجية الفرنسي إن``), up to the
complementiser, stopping at a comma (apposition), a time adverb or a date (``العام الماضي``, ``في مايو``), a medium
phrase (``في بيان``, ``لوكالة …``), the outlet spoken to (``لرويترز``) or a clause describing a named source
(``لالانا | الذي``); relayed speech (``نقلت الوكالة عن الوزير قوله``) takes the phrase after ``عن``."""

from __future__ import annotations

import functools
import re

from .context import Context, spells_letter_names
from .phrase_words import (CAME, CLAUSE_ONLY_VERBS, DEMONSTRATIVES, FROM_VERBS, ISSUING_VERBS, LEADING_ADVERBS,
                           MAX_PHRASE, OUTLET_NOUNS, OUTLET_OWNED, OWN_PREPOSITION, PREPOSITION_PRONOUNS,
                           PREPOSITIONS, PRONOUNS, RELATIVE_PRONOUNS, RELATIVE_TIMES, RELAY, SAYING_NOUNS,
                           SAYING_STEMS, SAYING_WITH_BI, THEN_ADVERBS, TIME_NOUNS, TIME_PARTS, UNNAMED, UNNAMING,
                           WEEK_MONTH, WORDING_VERBS, owned_noun, owned_stems)

__all__ = ["forward_phrase", "names_the_source", "resumed_subject_follows", "short_pair_at", "trim_phrase",
           "unnamed_source_at", "valid_start"]


def unnamed_source_at(ctx: Context, k: int) -> bool:
    """Does token ``k`` say that a source is not named: ``اسمه`` (لم يذكر اسمه) or ``عن هويته``
    (طلب عدم الكشف عن هويته)?"""
    norms = ctx.norms
    return k < len(norms) and (norms[k] in UNNAMED or (norms[k] == "عن" and k + 1 < len(norms)
                                                       and norms[k + 1] in UNNAMED))


def short_pair_at(ctx: Context, k: int):
    """The short (name-like) mark pair that token ``k`` belongs to, marks included."""
    for i in (k, k - 1, k + 1):
        if 0 <= i < len(ctx.inside) and ctx.inside[i] >= 0:
            pair = ctx.pairs[ctx.inside[i]]
            if pair.open <= ctx.tokens[k].start <= pair.close and pair.words(ctx.text) <= 4:
                return pair
    return None


def valid_start(ctx: Context, k: int) -> bool:
    norm = ctx.norms[k]
    if not ctx.is_word(k) or ctx.is_mark(k):
        return False
    if ctx.is_folded_name(k):
        return True
    if norm.startswith("بال") and norm.endswith(("ية", "يه")):
        return False  # قال فيها بالبرتغالية: the language spoken (بالوتيلي، بالمر stay names)
    if norm in CAME and k + 1 < len(ctx.norms) and ctx.norms[k + 1] in DEMONSTRATIVES:
        return False  # جاء ذلك في تصريحات نقلتها صحيفة …، قال فيها: the narrator's frame, not a source
    bare = norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm
    # a word a subject starts after (كان، فيما، وفق، غير …) starts none; إن/أن are left to complementiser(): آن رافيل
    return not (norm in ctx.lex.stoppers or bare in ctx.lex.stoppers or norm in PREPOSITIONS
                or (norm in ctx.lex.boundaries and norm not in ("ان", "بان"))
                or bare in PREPOSITIONS or norm in PRONOUNS or norm in PREPOSITION_PRONOUNS or norm.startswith("لل")
                or (norm[:1] == "ل" and len(norm) > 4 and norm[1:] in ctx.lex.nouns)  # قال لرويترز: spoken to
                or ctx.complementiser(k) or _fa_inna(ctx, k) or ctx.cues[k] is not None or _dated(ctx, k))


def _day_or_year(ctx: Context, k: int) -> bool:
    """Is token ``k`` a year or a month's day (في 2015، في 20 كانون الثاني، في 25 مارس), not a number of a name
    (مسؤول في 10 داونينغ ستريت)?"""
    after = ctx.norms[k + 1] if k + 1 < len(ctx.norms) else ""
    return ctx.norms[k].isdigit() and (len(ctx.norms[k]) == 4 or after in ctx.lex.months or after in TIME_NOUNS)


def _dated(ctx: Context, k: int) -> bool:
    """Does token ``k`` open a date: a noun of time with a relative adjective (وكشف الباكر | العام الماضي أن)
    or عام with a year (قال ترامب | عام 2016), or a part of a time before a month or a date (أكد مسؤول
    | مطلع مايو، حذر المحافظ | أواخر العام الماضي، في نهاية شهر أيار)? Alone a noun of time may end a title
    (المدعي العام), and العام before a year a cup's name (لكأس العام 2018, a slip for العالم)."""
    norm = ctx.norms[k]
    following = ctx.norms[k + 1] if k + 1 < len(ctx.norms) else ""
    if norm in TIME_PARTS:
        this = following in ("هذا", "هذه") and k + 2 < len(ctx.norms) and ctx.norms[k + 2] in WEEK_MONTH | TIME_NOUNS
        return following in ctx.lex.months or following in WEEK_MONTH or this or _dated(ctx, k + 1) \
            or _day_or_year(ctx, k + 1)
    before = ctx.norms[k - 1] if k > 0 else ""
    year = following.isdigit() and (norm == "عام" or (norm == "العام" and not before.endswith("كاس")))
    return norm in TIME_NOUNS and (following in RELATIVE_TIMES or year)


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
    if k > 0 and ctx.norms[k - 1] in UNNAMED and ctx.tokens[k].text != ")" \
            and not (ctx.norms[k - 1] in UNNAMING and norm.startswith("ال")):
        return True  # مصدر فضل عدم ذكر اسمه | لرويترز (مسؤول لم تسمه الوكالة goes on to the agent)
    if _source_complement(ctx, k):
        return False
    if _spoken_to(ctx, k) or _relayed_saying(ctx, norm) or _describes_a_name(ctx, k) or _age_aside(ctx, k):
        return True
    if norm in _SPEAKING and not (k + 1 < len(ctx.norms) and ctx.norms[k + 1] in ("باسم", "رسميا")):
        return True  # وقال ترامب | متحدثا من المكتب البيضاوي: how he spoke (متحدثا باسم الجيش is a spokesman)
    bare = norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm
    if (norm in ctx.lex.stoppers or bare in ctx.lex.stoppers or norm in SAYING_NOUNS) and not ctx.is_folded_name(k) \
            and not (norm in ctx.lex.months and k > 0 and ctx.norms[k - 1] in ("دي", "دو")):  # لويجي دي مايو
        return not _describes_unnamed_source(ctx, k)
    if _dated(ctx, k):
        return True
    if norm in ("في", "وفي") and k + 1 < len(ctx.norms):
        following = ctx.norms[k + 1]
        return _medium(ctx, following) or following in ctx.lex.stoppers or following in ctx.lex.places \
            or _dated(ctx, k + 1) or _day_or_year(ctx, k + 1) or following in TIME_PARTS \
            or following in ("البداية", "النهاية", "اكثر") \
            or owned_noun(following)  # وقال مادسن في البداية إن، في أكثر من مناسبة، في تقديمه التقرير: when, not who
    if norm in ("عند", "لدي") and k + 1 < len(ctx.norms):
        return owned_noun(ctx.norms[k + 1])  # وقال المدرب عند سؤاله، لدى وصوله (المندوب لدى الأمم المتحدة stays)
    return False


def _age_aside(ctx: Context, k: int) -> bool:
    """Does token ``k`` open the source's age in brackets (وقال سام هوبسون | (29 عاما) صديق الزوجين), or after a
    name (وقال محرز | البالغ 27 عاما، رومان | البالغ من العمر 23 عاما)? The gold leaves it out of the speaker, as it
    does a description after a comma; after a common noun it says which one is meant and stays (الشاب البالغ …)."""
    if ctx.norms[k] in _AGED:
        ahead = ctx.norms[k + 1:k + 5]
        return _follows_a_name(ctx, k) and any(word.isdigit() and nxt in _AGE_UNITS
                                               for word, nxt in zip(ahead, ahead[1:]))
    if ctx.tokens[k].text != "(" or k + 2 >= len(ctx.norms):
        return False
    number = ctx.norms[k + 1]
    unit = ctx.norms[k + 2] if number.isdigit() else number.lstrip("0123456789")
    return (number.isdigit() or number[:1].isdigit()) and unit in _AGE_UNITS


def _follows_a_name(ctx: Context, k: int) -> bool:
    """Is the word before token ``k`` a name rather than a common noun: a word without the article? What follows a
    name describes the source; what follows a common noun says which one is meant (:func:`_age_aside`,
    :func:`_describes_a_name`)."""
    return k > 0 and ctx.is_word(k - 1) and not ctx.norms[k - 1].startswith(("ال", "وال"))


_AGE_UNITS = {"عاما", "سنة", "عام", "سنوات"}
_AGED = {"البالغ", "البالغة"}  # البالغ (من العمر) 27 عاما
_SPEAKING = {"متحدثا"}  # accusative: the manner of a verb of saying, never its subject


def _describes_a_name(ctx: Context, k: int) -> bool:
    """Is token ``k`` a relative pronoun after a name (وقال لالانا | الذي دخل التشكيلة مرة واحدة، وأعلن مون | الذي
    قام بدور أساسي)? The clause describes the source and is no part of its phrase; after a common noun it
    says which one is meant and stays (وأكد الحكم الذي شارك في جميع البطولات)."""
    return (ctx.norms[k] in RELATIVE_PRONOUNS and _follows_a_name(ctx, k) and ctx.inside[k - 1] < 0
            and not ctx.norms[k - 1].isdigit())


def _source_complement(ctx: Context, k: int) -> bool:
    """Does token ``k``, a word a phrase would stop at, go on with the source's own complement: a preposition
    after a word whose complement it opens (``source_complements.txt``: مصدر مقرب من الحكومة، المشرف على الصفحة،
    تقرير صادر عن البنك المركزي، مبعوث الرئيس الأمريكي إلى الشرق الأوسط)?"""
    norm, before = ctx.norms[k], ctx.norms[k - 1] if k > 0 else ""
    if norm == "لا":
        return before in ("دي", "دو")  # بيريز دي لا فوينتي: a name's article, not a negation
    words = functools.partial(ctx.lex.complement_words, norm)
    following = ctx.norms[k + 1] if k + 1 < len(ctx.norms) else ""
    return (norm == "من" and before.isdigit()) or before in words("before") or before in words("close") \
        or (before in words("origin") and _origin_follows(ctx, k)) or following in words("after") \
        or (any(ctx.norms[i] in words("envoy") for i in range(max(0, k - 3), k)) and _place_follows(ctx, k))


def _origin_follows(ctx: Context, k: int) -> bool:
    """Does the من at ``k`` open where a source is from: a definite or listed word after it (مصدر من الأمم المتحدة،
    مسؤول من وزارة الصحة), and no verb of warning before it, whose من it would be (حذر خبراء من الاحتباس)?"""
    following = ctx.norms[k + 1] if k + 1 < len(ctx.norms) else ""
    listed = following.startswith("ال") or following in ctx.lex.places or following in ctx.lex.nouns \
        or following in ctx.lex.organisation_heads
    return listed and not ctx.complementiser(k + 1) and not any(
        ctx.cues[i] is not None and ctx.cues[i].lemma in FROM_VERBS for i in range(max(0, k - 5), k))


def _spoken_to(ctx: Context, k: int) -> bool:
    """Does token ``k`` name the one spoken to: an outlet after لـ or للـ (مصدر مطلع | لـCNN، وقال شولتز |
    للصحيفة), or a listed name after ل once a source's من-complement has begun (مصدر قريب من التحقيق |
    لرويترز; صحيفة … المقربة من نادي ليفربول goes on)?"""
    token, norm = ctx.tokens[k].text, ctx.norms[k]
    if _to_latin_named_outlet(token) or (norm.startswith("لل") and norm[2:] in OUTLET_NOUNS) or _to_outlet(ctx, k):
        return True
    listed = norm[1:] in ctx.lex.nouns or norm.startswith("لل") or token.startswith("لـ")
    return norm[:1] == "ل" and listed and _after_close_to(ctx, k)


def _to_outlet(ctx: Context, k: int) -> bool:
    """Does token ``k`` join ل to the name of a news outlet (مصدر مطلع | لرويترز، وقال الوزير | لفرانس برس،
    للجزيرة)? Not a name that starts with ل itself (لوموند), nor the outlet of a reporter or a report before it
    (مراسل لرويترز، استطلاع لرويترز)."""
    norm, before = ctx.norms[k], ctx.norms[k - 1] if k > 0 else ""
    if not norm.startswith("ل") or len(norm) < 3 or before in OUTLET_OWNED \
            or (before[:1] in ("و", "ب", "ل") and before[1:] in OUTLET_OWNED):  # استشهدت بتقرير لرويترز
        return False
    first = "ال" + norm[2:] if norm.startswith("لل") else norm[1:]
    first = re.sub(r"(\D)(\d)", r"\1 \2", first)  # لفرانس24: the number glued to the name
    following = ctx.norms[k + 1:k + ctx.lex.outlet_words]
    for end in range(len(following) + 1):
        if " ".join([norm, *following[:end]]) in ctx.lex.outlets:
            return False
        if " ".join([first, *following[:end]]) in ctx.lex.outlets:
            return True
    return False


def _relayed_saying(ctx: Context, norm: str) -> bool:
    """A verbal noun of saying or a stance with its owner's pronoun: what a relayed or described source did, after
    it (عن الوزير | تأكيده أن، عن مصادر | ترجيحها، أبدى أردوغان | سعادته)."""
    return any(stem in SAYING_STEMS or stem in ctx.lex.stances for stem in owned_stems(norm, 3))


def _to_latin_named_outlet(token: str) -> bool:
    """``لـCNN``, ``لـBBC``: ل, a tatweel and a name in Latin letters, the outlet spoken to."""
    return token.startswith("لـ") and len(token) > 2 and token[2:].isascii() and token[2:].isalpha()


def _place_follows(ctx: Context, k: int) -> bool:
    """Is token ``k + 1`` a place the lists know, or the United Nations (إلى اليمن، إلى الأمم المتحدة)?"""
    following = ctx.norms[k + 1] if k + 1 < len(ctx.norms) else ""
    return following in ctx.lex.places or following in ("الشرق", "الامم", "المنظمة", "المجلس")


def _after_close_to(ctx: Context, k: int) -> bool:
    """Is token ``k`` in the من-complement of a word of closeness (مصدر مقرب من التحقيق …)?"""
    close_to = ctx.lex.complement_words("من", "close")
    return any(ctx.norms[i] == "من" and ctx.norms[i - 1] in close_to for i in range(max(1, k - 4), k))


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
    return any(stem in media for stem in owned_stems(norm, 3))


def trim_phrase(ctx: Context, first: int, last: int) -> tuple[int, int] | None:
    if last > first and _issued_medium(ctx, ctx.norms[last]):
        last -= 1  # وأصدر أقارب الضحية | بيانا قالوا فيه: what the subject issued, not the subject
    if last > first and ctx.norms[first] in ISSUING_VERBS:
        first += 1  # أصدرت | وزارة الدفاع بيانا قالت فيه: the sentence's verb, before its subject
    while last >= first and (ctx.is_punct(last) or (ctx.norms[last] in PREPOSITIONS and not ctx.is_folded_name(last))
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
    if last < first or not valid_start(ctx, first):
        return None
    return first, last


def _issued_medium(ctx: Context, norm: str) -> bool:
    """An indefinite noun of a speech event as an object: accusative (بيانا، تقريرا) or feminine (تغريدة، رسالة)."""
    return norm.endswith("ا") and norm[:-1] in ctx.lex.media or norm.endswith("ة") and norm in ctx.lex.media


def forward_phrase(ctx: Context, cue: int, limit: int) -> tuple[int, int] | None:
    """Token range of the speaker after the cue (tokens ``cue+1 .. limit-1``)."""
    first = cue + 1
    if ctx.norms[cue] in RELAY:
        for k in range(cue + 1, min(limit, cue + 1 + MAX_PHRASE * 2)):
            if ctx.norms[k] == "عن" and not unnamed_source_at(ctx, k):
                first = k + 1
                break
    if first < limit and resumed_subject_follows(ctx, cue, first):
        first += 1  # بيان قال فيه الوزير، الذي قال له المدرب: the subject follows the preposition's pronoun
    if first + 1 < limit and ctx.norms[first] == "لي" and _source_noun_at(ctx, first + 1):
        first += 1  # قال لي أحد المسؤولين: "to me", the source follows (لي برانستتر, لي بيونغ يونغ are names)
    if first in ctx.opening and names_the_source(ctx, cue, first, limit):
        first += 1  # وقالت "رويترز" إن، نقلت الوكالة عن "مصدر أمني" أن: the name in marks is the source
    if first + 1 < limit and ctx.norms[first] in LEADING_ADVERBS and (
            ctx.norms[first + 1].startswith("ال") or ctx.norms[first + 1] in ctx.lex.nouns) \
            and (ctx.norms[first] in THEN_ADVERBS or ctx.lex.prefixed(ctx.norms[cue])):
        first += 1  # أقر بعدها | رونالدو بأنه، وأكد بدوره | الوزير: the adverb, then the subject
    if first + 1 < limit and ctx.tokens[first].text == "#" and ctx.tokens[first + 1].start == ctx.tokens[first].end:
        first += 1  # أعلنت #الشرطة_البريطانية أنها: the source is the hashtag's name, without the #
    k = first
    while k < limit and k - first < MAX_PHRASE:
        if k in ctx.opening and k > first:
            pair = short_pair_at(ctx, k) or _named_pair_at(ctx, k)
            close = ctx.token_at(pair.close) if pair is not None else limit
            if close < limit:
                k = close + 1
                continue
        if _forward_stop(ctx, k) or (k > first and _any_object(ctx, k)):
            break
        k += 1
    if k == first:
        return None
    return trim_phrase(ctx, first, k - 1)


_ANY = {"أي", "أيّ", "اي", "أى"}  # "any" as written; آي and إي are letters' names


def _any_object(ctx: Context, k: int) -> bool:
    """Is token ``k`` the أي ("any") that opens a verb's object after its subject (نفت الحكومة | أي تورط، لم تقدم
    الشرطة | أي رقم)? Not after أو (صاحب البيت أو أي رجل), nor a Latin letter's name (صحيفة يو إس أي توداي)."""
    if ctx.tokens[k].text not in _ANY or ctx.norms[k - 1] in ("او", "و") or ctx.in_abbreviation[k]:
        return False  # آي، إي: a letter's name (صحيفة آي نيوز، لي آي-ران); (إف.بي.آي): a dotted abbreviation
    neighbours = [ctx.tokens[i].text for i in (k - 1, k + 1) if 0 <= i < len(ctx.tokens)]
    return not any(spells_letter_names(word) for word in neighbours)


def _source_noun_at(ctx: Context, k: int) -> bool:
    """Can token ``k`` open a source's phrase as a noun the lists know (أحد، الوزير، مسؤول، غوارديولا)?"""
    norm = ctx.norms[k]
    return ctx.is_word(k) and (norm.startswith("ال") or norm in ctx.lex.nouns or norm in ("احد", "احدي"))


def _named_pair_at(ctx: Context, k: int):
    """The pair opening at token ``k`` right after a naming noun (منظمة "سوريون من أجل الحقيقة والعدالة"), up to
    seven words: the body's name, part of the source's phrase."""
    pair = ctx.opening[k]
    before = ctx.norms[k - 1]
    named = before in ctx.lex.name_nouns or (before[:1] == "ل" and before[1:] in ctx.lex.name_nouns)
    return pair if named and pair.words(ctx.text) <= 7 else None


def resumed_subject_follows(ctx: Context, cue: int, k: int) -> bool:
    """Is token ``k``, right after a verb of saying, a preposition's pronoun after which the subject comes (بيان قال
    فيه الوزير، الذي رد عليه النادي)? Not after a verb that takes a noun object (بيانا دعت فيه مواطنيها)."""
    verb = ctx.cues[cue]
    return ctx.norms[k] in PREPOSITION_PRONOUNS and verb is not None and verb.lemma in CLAUSE_ONLY_VERBS


def names_the_source(ctx: Context, cue: int, opening: int, limit: int | None) -> bool:
    """Is the short quoted name opening at token ``opening``, right after the cue, its subject? It is when
    what follows the closing mark ends the phrase: the complement (إن، أن، :, at ``limit``; None when it is not
    known yet) or where it was said (في بيان). Not after ``بأن`` unless the verb says with it (أفاد، صرح), nor
    after a verb of wording: ووصف "وظيفتهم الاجتماعية" بأنها … is an object."""
    pair = short_pair_at(ctx, opening)
    cue_of = ctx.cues[cue]  # a participle's subject is that of the main verb (مؤكدا "بلا اعتذار" أن …)
    if pair is None or cue_of is None or cue_of.kind != "verb" or cue_of.lemma in WORDING_VERBS:
        return False
    after = ctx.past_day_aside(ctx.token_at(pair.close) + 1)  # وذكرت "سكاي نيوز"، الأحد، أن
    if ctx.norms[cue] in RELAY and after < len(ctx.norms) and ctx.norms[after] == "عن":
        return True  # ونقلت "رويترز" عن المدرب: the medium that relays, named in marks
    if after < len(ctx.norms) and OWN_PREPOSITION.get(cue_of.lemma) == ctx.norms[after]:
        return True  # وأشارت "إل كونفيدنشال" إلى اعتقال: the verb's own preposition follows its subject
    if limit is not None and after == limit:  # the complement starts right after the name
        return limit < len(ctx.norms) and (not ctx.norms[limit].startswith("ب") or cue_of.lemma in SAYING_WITH_BI)
    if after >= (limit if limit is not None else len(ctx.norms)):
        return False
    return ctx.is_colon(after) or (ctx.norms[after] in ("في", "وفي") and after + 1 < len(ctx.norms)
                                             and _medium(ctx, ctx.norms[after + 1]))

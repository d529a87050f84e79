"""The words a source's phrase is read with: particles, pronouns, and the classes of reporting verb that
decide where a phrase starts and ends (verbs of wording, of telling, those whose object comes first). Shared by
:mod:`.forward` (the phrase after the cue), :mod:`.backward` (before it) and :mod:`.speakers`."""

from __future__ import annotations

from ...arabic import fold as normalise

MAX_PHRASE = 16
MODAL = {"قد", "وقد", "فقد", "لقد"}
RELATIVE_PRONOUNS = {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي"}
PREPOSITIONS = {"في", "من", "علي", "الي", "عن", "خلال", "بعد", "قبل", "منذ", "مع", "عبر", "حول", "ب"}
PRONOUNS = {"هو", "هي", "هم", "هما", "انه", "انها", "انا", "نحن"}
POSSESSIVE = ("هما", "هم", "هن", "ها", "ه")  # attached pronouns, longest first
# a preposition with an attached pronoun (أعرب فيها، علق عليها): never where a source's name starts
PREPOSITION_PRONOUNS = {head + suffix for head in ("في", "علي", "عن", "من", "ل", "ب", "الي", "مع", "عند", "لدي",
                                                  "خلال", "فوق", "تحت", "امام", "بعد", "قبل", "ضد", "حول", "عقب")
                        for suffix in POSSESSIVE} | {"فيه", "لديه", "لديها"} \
    | {head + "نا" for head in ("في", "علي", "ل", "مع", "عند", "لدي")}  # وكشف لنا: to us (not بنا، منا، ألينا)
RELAY = {"نقل", "ينقل", "نقلت", "تنقل", "ونقل", "ونقلت", "نقلا", "ناقلا", "ناقلة"}
SAYING_NOUNS = {"قوله", "قولها", "قولهم", "قولهما", "القول"}  # نقل عن شهود عيان القول إن
# what a relayed source is said to have done, with its pronoun (نقلت الوكالة عن الوزير تأكيده أن)
SAYING_STEMS = {normalise(w) for w in ("تأكيد", "تأكيدات", "إشارة", "توضيح", "تحذير", "تشديد", "ترجيح", "نفي",
                                       "إعلان", "إفادة", "توقع", "كشف", "إيضاح", "إضافة", "دعوة", "مطالبة", "تصريح",
                                       "تصريحات", "إعراب", "تلميح", "تنويه", "اعتبار", "قول", "زعم", "ادعاء",
                                       "اعتراف", "تعهد")}
# verbs of wording: the words in marks after them are the source's (وصف العقوبات "طعنة بالظهر"، هتفوا
# "فليسقط القيصر"), an object, never the source itself
WORDING_VERBS = {normalise(w) for w in ("وصف", "اعتبر", "رأى", "هتف", "ردد")}
# verbs whose object stands between their subject and their complement: wording (وصف X الهجوم بأنه) and
# urging or telling (طالب الحزب الحكومة بأن، حث الرئيس السكان على أن، حذر الطبيب المرضى من أن), and attributing
# (عزا الوزير الارتفاع إلى "…")
OBJECT_FIRST_VERBS = WORDING_VERBS | {normalise(w) for w in (
    "طالب", "دعا", "حث", "ناشد", "حذر", "نصح", "أوصى", "أبلغ", "أخبر", "طمأن", "وعد", "أمر", "أقنع", "ردد", "كرر",
    "جدد", "عزا", "اتهم")}
# verbs of going on, which a present verb of saying follows (ومضى يقول، وراحت تقول): no subject, the speaker is the
# one before
GOING_ON = {normalise(p + w) for w in ("مضى", "مضت", "راح", "راحت", "عاد", "عادت", "ظل", "ظلت", "أخذ", "أخذت",
                                       "استطرد", "استطردت") for p in ("", "و", "ف")}
# titles that open the name after a source's description (ولي العهد السعودي الأمير محمد بن سلمان، نائب القائد العام
# العميد حسين سلامي): where a verb's object would start, a title and a name go on with the subject
NAME_TITLES = {normalise(w) for w in ("الأمير", "الأميرة", "الملك", "الملكة", "الشيخ", "الشيخة", "العميد", "اللواء",
                                       "العقيد", "الجنرال", "المشير", "الدكتور", "الدكتورة", "المهندس", "الرائد",
                                       "النقيب", "المقدم", "الأدميرال", "البروفيسور")}
# verbs of saying whose object is what was said, never a noun: a noun after them is their subject
# (not اعتبر/رأى, whose object comes first: اعتبر فيه الهجوم عدوانا)
CLAUSE_ONLY_VERBS = {normalise(w) for w in ("قال", "أكد", "أضاف", "أوضح", "ذكر", "صرح", "رد", "علق", "اعتقد",
                                            "اعترف")}
# verbs of saying whose بأن is their complement, never an object's (أفادت "سكاي نيوز" بأن، صرح "…" بأن; not اتهم "…"
# بأنه, whose marks are the object)
SAYING_WITH_BI = CLAUSE_ONLY_VERBS | {normalise("أفاد")}
# verbs of telling whose first object is the one spoken to (أبلغ الصحفيين أن)
ADDRESSEE_VERBS = {normalise(w) for w in ("أبلغ", "أخبر", "بلغ", "خاطب", "طمأن", "حدث", "ناشد", "صارح")}
# verbs whose من is their own (حذر الخبراء من الاحتباس الحراري): after them it names no source's origin
FROM_VERBS = {normalise(w) for w in ("حذر", "نبه")}
# verbs of issuing a speech event, which open a sentence before their subject (أصدرت الوزارة بيانا قالت فيه)
ISSUING_VERBS = {normalise(w) for w in ("أصدر", "أصدرت", "يصدر", "تصدر", "نشر", "نشرت", "ينشر", "تنشر", "وجه", "وجهت",
                                        "ألقى", "ألقت", "بث", "بثت", "يبث", "تبث")}  # not تلقي, also "receiving"
# outlets, which a verb of telling may have as its audience (وأبلغ المتحدث راج شاه شبكة فوكس بيزنس)
OUTLET_NOUNS = {normalise(w) for w in ("صحيفة", "جريدة", "مجلة", "وكالة", "موقع", "شبكة", "قناة", "إذاعة", "راديو",
                                       "تلفزيون", "محطة")}
# nouns of a span of time that a relative adjective or a year makes a date (قال ترامب العام الماضي، عام 2016): when,
# not who; alone they may belong to a title (المدعي العام، الأمين العام)
TIME_NOUNS = {normalise(w) for w in ("العام", "عام", "السنة", "الصيف", "الشتاء", "الربيع", "الخريف", "الموسم")}
RELATIVE_TIMES = {normalise(w) for w in ("الماضي", "الماضية", "المقبل", "المقبلة", "الحالي", "الحالية", "الجاري",
                                         "الجارية", "المنصرم", "المنصرمة", "المنقضي")}
# parts of a span of time (وأعلن الجيش في أوائل مايو، في نهاية شهر أيار): after في, when, not who
TIME_PARTS = {normalise(w) for w in ("بداية", "مطلع", "أوائل", "منتصف", "أواسط", "نهاية", "أواخر", "شهر")}
WEEK_MONTH = {normalise(w) for w in ("الأسبوع", "الشهر")}  # after a part of a time (مطلع الأسبوع، نهاية هذا الشهر)
# an outlet's staff, heads or work (مراسل لرويترز، الرئيس التنفيذي لعرب سات، استطلاع لرويترز): the outlet after ل
# is theirs, not the one spoken to
OUTLET_OWNED = {normalise(w) for w in ("مراسل", "مراسلة", "مراسلو", "مراسلي", "محرر", "مذيع", "مذيعة", "مقدم",
                                        "مدير", "المدير", "مديرة", "رئيس", "الرئيس", "رئيسة", "التنفيذي", "التنفيذية",
                                        "العام", "العامة", "مؤسس", "مالك", "تقرير", "استطلاع", "تحقيق", "تحليل", "مقال",
                                        "مقالة")}  # not متحدث: an outlet's spokesman is its متحدث باسم
CAME = {"جاء", "وجاء", "ياتي", "وياتي", "تاتي", "وتاتي", "جاءت", "وجاءت"}
DEMONSTRATIVES = {"ذلك", "هذا", "هذه", "ذاك", "تلك"}
# the narrator's "in the words of" (على حد تعبير، حسب قوله، بحسب وصف): what follows names the source
WORDING_HEADS = {"حد", "حسب", "بحسب", "وفق", "وفقا"}
WORDING_NOUNS = ("تعبير", "قول", "وصف", "توصيف")  # after them, with or without the source's pronoun (تعبيره)
# verbs of saying with a preposition of their own (أشار إلى، كشف عن): a short name in marks right before it is the
# subject (وأشارت "إل كونفيدنشال" إلى اعتقال، وكشفت "ديلي ميرور" عن اتفاق), not what was said
OWN_PREPOSITION = {normalise(verb): normalise(preposition) for verb, preposition in (
    ("أشار", "إلى"), ("لفت", "إلى"), ("نوه", "إلى"), ("دعا", "إلى"), ("كشف", "عن"), ("أعرب", "عن"), ("عبر", "عن"),
    ("تحدث", "عن"), ("حذر", "من"), ("نص", "على"), ("شدد", "على"), ("أكد", "على"))}
# adverbs that may stand between a verb and its subject (أقر بعدها رونالدو بأنه، وأكد بدوره الوزير أن): those of
# time always, the others after a verb that opens its clause with و/ف (لكن بنيادي انتقد أيضا التعامل: an object)
THEN_ADVERBS = {normalise(w) for w in ("بعدها", "عندها", "حينها")}
LEADING_ADVERBS = THEN_ADVERBS | {normalise(w) for w in ("بدوره", "بدورها", "بدورهم", "أيضا", "كذلك")}
# particles that carry the verb's subject as their pronoun (ولكنه نفى ارتكاب أي خطأ، غير أنها رفضت الاتهامات): the
# verb after them has that subject, and what follows it is its object
SUBJECT_CARRIERS = {normalise(p + w + s) for p in ("", "و", "ف") for w in ("لكن", "أن", "إن", "لأن")
                    for s in ("ه", "ها", "هم", "هما")}
QUANTIFIERS = {"بعض", "كل", "عدد", "احد", "معظم", "اغلب", "جميع"}  # بعض المستخدمين: one phrase
# لم تسمها، لم تسمه الوكالة: a verb of naming negated, which its agent may follow
UNNAMING = {"يسمه", "تسمه", "يسمها", "تسمها", "يسمهم", "تسمهم", "نسمه", "نسمها"}
# لم يذكر اسمه، طلب عدم الكشف عن هويته، لم تسمها
UNNAMED = {"اسمه", "اسمها", "اسمهم", "اسمهما", "هويته", "هويتها", "هويتهم", "هويتهما"} | UNNAMING


def owned_stems(norm: str, shortest: int) -> tuple[str, ...]:
    """The noun under an owner's pronoun (بيانه → بيان، دراستها → دراسة), with a final ت in both spellings; none
    when ``norm`` carries no such pronoun on a stem of at least ``shortest`` letters."""
    for suffix in POSSESSIVE:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= shortest:
            stem = norm[:-len(suffix)]
            return (stem, stem[:-1] + "ة") if stem.endswith("ت") else (stem,)
    return ()


def owned_noun(norm: str) -> bool:
    """Does ``norm`` carry an owner's pronoun (تقديمه، توقعاتها، ردهم)? After a source, ``في`` + such a noun
    says when or where the source spoke (في توقعاتها السنوية); no source's name goes on that way."""
    return not norm.startswith("ال") and bool(owned_stems(norm, 3))

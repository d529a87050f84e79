"""Quotes stage: every construction of the guidelines, on sentences written for qawl."""

from __future__ import annotations

import pytest

from qawl.document import ATTRIBUTION
from qawl.pipeline import Annotator
from qawl.stages.attribution.lexicon import load_lexicon
from qawl.stages.quotes import QuoteStage


@pytest.fixture(scope="module")
def annotate():
    """The quotes stage alone, with the pipeline's overlap resolution (no other stage's model needed)."""
    return Annotator(version="test", stages=[QuoteStage(load_lexicon())]).annotate


def quotes(doc):
    return sorted((s for s in doc.spans if s.label == "QUOTE"), key=lambda s: s.start)


def texts(doc):
    return [q.text_in(doc.text) for q in quotes(doc)]


def speaker_of(doc, quote):
    heads = [r.head for r in doc.relations if r.tail is quote and r.label == "said"]
    return heads[0].text_in(doc.text) if heads else None


def last_quote(annotate, text):
    """(the last quote's text, its speaker's text)."""
    doc = annotate(text)
    last = quotes(doc)[-1]
    return last.text_in(text), speaker_of(doc, last)


def only_quote(annotate, text):
    """(the one quote's text, its speaker's text) of a text with exactly one quote."""
    doc = annotate(text)
    [quote] = quotes(doc)
    return quote.text_in(text), speaker_of(doc, quote)


# --- direct quotes -----------------------------------------------------------

@pytest.mark.parametrize("opening, closing", [("«", "»"), ('"', '"'), ("“", "”"), ("'", "'")])
def test_direct_quote_in_every_mark_style(annotate, opening, closing):
    text = f"وقال رئيس البلدية: {opening}سنفتح الحديقة العامة أمام الجميع الأسبوع المقبل{closing}."
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "سنفتح الحديقة العامة أمام الجميع الأسبوع المقبل"
    assert quote.attrs["kind"] == "direct"
    assert speaker_of(doc, quote) == "رئيس البلدية"


def test_mixed_mark_styles_in_one_article(annotate):
    text = ("قالت المديرة: «المدرسة جاهزة لاستقبال الطلاب».\n"
            "وأضاف المعلم: \"الصفوف نظيفة والكتب وصلت\".\n"
            "وقال الحارس: “الأبواب تفتح في السابعة صباحا”.")
    doc = annotate(text)
    assert texts(doc) == ["المدرسة جاهزة لاستقبال الطلاب", "الصفوف نظيفة والكتب وصلت",
                          "الأبواب تفتح في السابعة صباحا"]
    assert [speaker_of(doc, q) for q in quotes(doc)] == ["المديرة", "المعلم", "الحارس"]


def test_quote_over_several_sentences_is_one_span(annotate):
    text = 'وقال المدرب: "لعبنا بشكل جيد. لكننا أضعنا فرصا كثيرة. سنعود أقوى في المباراة القادمة".'
    doc = annotate(text)
    assert texts(doc) == ["لعبنا بشكل جيد. لكننا أضعنا فرصا كثيرة. سنعود أقوى في المباراة القادمة"]


def test_interrupted_quote_is_two_quotes_with_one_speaker(annotate):
    text = 'وقال وزير الزراعة: "المحصول وفير هذا العام"، وأضاف: "الأسعار ستنخفض قريبا".'
    doc = annotate(text)
    first, second = quotes(doc)
    assert first.text_in(text) == "المحصول وفير هذا العام"
    assert second.text_in(text) == "الأسعار ستنخفض قريبا"
    heads = {id(r.head) for r in doc.relations}
    assert len(heads) == 1  # one SPEAKER region linked to both quotes
    assert speaker_of(doc, first) == speaker_of(doc, second) == "وزير الزراعة"


def test_unclosed_mark_stops_at_paragraph_end(annotate):
    text = ('وقال المتحدث: "الوفد سيصل مساء الغد وسيلتقي المسؤولين\n'
            'وفي سياق آخر، أعلنت الشركة أن الأرباح ارتفعت بنسبة كبيرة.\n'
            'وقالت المهندسة: «المشروع سينتهي في موعده».')
    doc = annotate(text)
    found = texts(doc)
    assert found[0] == "الوفد سيصل مساء الغد وسيلتقي المسؤولين"
    assert "الأرباح ارتفعت بنسبة كبيرة" in found
    assert "المشروع سينتهي في موعده" in found


@pytest.mark.parametrize("text", [
    'وبدأ الجيش عملية "الفجر" في المنطقة الشمالية.',
    'وذكرت صحيفة "الحياة" تفاصيل الحادث في عددها الصادر أمس.',
    'ووصلت إلى الميناء سفينة "الأمل الجديد" محملة بالقمح.',
    'ويرى كثيرون أن هذه "المصالحة" لن تدوم.',
])
def test_names_titles_and_scare_quotes_are_not_direct_quotes(annotate, text):
    doc = annotate(text)
    assert all(q.attrs["kind"] != "direct" for q in quotes(doc))
    for quote in quotes(doc):  # at most the indirect clause that holds the marks
        assert '"' not in text[quote.start - 1:quote.start]


@pytest.mark.parametrize("text, quote, speaker", [
    ('وقال الباحث في مركز "آفاق" للدراسات إن الاقتصاد يتعافى ببطء.', "الاقتصاد يتعافى ببطء",
     'الباحث في مركز "آفاق" للدراسات'),
    ('وقال ضابط في إدارة السلامة لـ"سكاي نيوز عربية"، الخميس، إن القوات استعادت السيطرة على المعبر.',
     "القوات استعادت السيطرة على المعبر", "ضابط في إدارة السلامة"),
], ids=["name-inside-the-speaker", "addressee-glued-to-li"])
def test_a_name_in_marks_around_the_speaker_is_not_a_quote(annotate, text, quote, speaker):
    """A short name glued to لـ is the addressee (لـ"سكاي نيوز عربية"), not what was said."""
    doc = annotate(text)
    assert texts(doc) == [quote]
    assert speaker_of(doc, quotes(doc)[0]) == speaker


def test_whole_clause_in_marks_after_inna_is_direct(annotate):
    text = 'وقالت الوزيرة إن "التعليم أولوية وطنية لا تقبل التأجيل".'
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "التعليم أولوية وطنية لا تقبل التأجيل"
    assert quote.attrs["kind"] == "direct"


def test_clause_with_inner_marks_is_one_indirect_quote(annotate):
    text = 'وأكد المتحدث أن الحكومة "لن تتراجع" عن قرار رفع الأجور.'
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == 'الحكومة "لن تتراجع" عن قرار رفع الأجور'
    assert quote.attrs["kind"] == "indirect"


def test_quoted_fragment_tied_to_a_speech_verb_is_direct(annotate):
    text = 'وأعربت النقابة عن "قلقها الشديد" من تأخر الرواتب.'
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "قلقها الشديد"
    assert speaker_of(doc, quote) == "النقابة"


# --- indirect quotes ---------------------------------------------------------

@pytest.mark.parametrize("text, clause, speaker", [
    ("وقال المحافظ إن الطرق ستفتح غدا.", "الطرق ستفتح غدا", "المحافظ"),
    ("فقالت الممرضة إن المرضى بخير.", "المرضى بخير", "الممرضة"),
    ("ويقول الخبراء إن الأسعار سترتفع.", "الأسعار سترتفع", "الخبراء"),
    ("وتؤكد الوزارة أن اللقاحات متوفرة.", "اللقاحات متوفرة", "الوزارة"),
    ("وأكدت الشرطة بأن التحقيق مستمر.", "التحقيق مستمر", "الشرطة"),
    ("وأشار التقرير إلى أن البطالة تراجعت.", "البطالة تراجعت", "التقرير"),
    ("وأوضح المدير أنه سيستقيل قريبا.", "سيستقيل قريبا", "المدير"),
    ("واعتبر المحلل أن القرار متسرع.", "القرار متسرع", "المحلل"),
    ("وتوقع البنك أن ينمو الاقتصاد.", "ينمو الاقتصاد", "البنك"),
])
def test_indirect_quote_forms(annotate, text, clause, speaker):
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == clause
    assert quote.attrs["kind"] == "indirect"
    assert speaker_of(doc, quote) == speaker


def test_circumstantial_participle_starts_a_second_quote(annotate):
    text = "وقال رئيس الاتحاد إن البطولة ستقام في موعدها، مضيفاً أن التذاكر نفدت."
    doc = annotate(text)
    assert texts(doc) == ["البطولة ستقام في موعدها", "التذاكر نفدت"]
    assert [speaker_of(doc, q) for q in quotes(doc)] == ["رئيس الاتحاد", "رئيس الاتحاد"]


def test_colon_form_without_marks(annotate):
    text = "وقال الوزير: الوضع مستقر."
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "الوضع مستقر"
    assert speaker_of(doc, quote) == "الوزير"


def test_colon_form_stops_where_narration_resumes(annotate):
    text = "وقالت منظمة الإغاثة: المخيمات مكتظة للغاية 😷. ودعت المنظمة المانحين إلى زيادة التمويل."
    doc = annotate(text)
    assert texts(doc) == ["المخيمات مكتظة للغاية 😷"]


@pytest.mark.parametrize("text, clause", [
    ("وقال السائق إن الحادث وقع فجرا، أي قبل وصول الشرطة.", "الحادث وقع فجرا"),
    ("وقال المسؤول إن المعبر سيغلق، وفقا لما نقلته وسائل إعلام محلية.", "المعبر سيغلق"),
    ("وذكر الطبيب أن الوباء انحسر، وهو ما أكدته الأرقام الرسمية.", "الوباء انحسر"),
])
def test_narrator_gloss_stays_outside(annotate, text, clause):
    assert texts(annotate(text))[0] == clause


def test_noun_phrase_objects_are_not_quotes(annotate):
    for text in ("ودعا الأمين العام إلى التهدئة.", "وأعلن اللاعب اعتزاله.", "ونفى المتهم التهم الموجهة إليه."):
        assert quotes(annotate(text)) == []


def test_narrator_yudhkar_is_never_a_quote(annotate):
    assert quotes(annotate("يذكر أن المهرجان يقام سنويا منذ عشرين عاما.")) == []
    assert quotes(annotate("ويُذكر أن المهرجان يقام سنويا.")) == []


def test_qila_is_a_quote_without_speaker(annotate):
    doc = annotate("وقيل إن القائد غادر البلاد سرا.")
    [quote] = quotes(doc)
    assert quote.text_in(doc.text) == "القائد غادر البلاد سرا"
    assert speaker_of(doc, quote) is None


def test_subordinating_an_is_not_a_complement(annotate):
    assert quotes(annotate("وغادر الوفد قبل أن تنتهي الجلسة.")) == []


# --- speakers ----------------------------------------------------------------

def test_relayed_speech_names_the_original_source(annotate):
    text = "ونقلت الوكالة عن وزير النقل قوله إن القطار الجديد سيعمل الشهر المقبل."
    doc = annotate(text)
    [quote] = quotes(doc)
    assert speaker_of(doc, quote) == "وزير النقل"


def test_subject_first_order(annotate):
    text = "وكان المتحدث باسم الجيش قد أعلن الاثنين أن القوات انسحبت من البلدة."
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "القوات انسحبت من البلدة"
    assert speaker_of(doc, quote) == "المتحدث باسم الجيش"


def test_plural_subject_before_verb(annotate):
    doc = annotate("لكن مسؤولين محليين قالوا إن المياه عادت إلى الأحياء.")
    assert speaker_of(doc, quotes(doc)[0]) == "مسؤولين محليين"


def test_apposition_after_comma_is_outside_speaker(annotate):
    doc = annotate("وقال رئيس الوزراء، سامي الخطيب، إن الموازنة ستقر الأسبوع المقبل.")
    assert speaker_of(doc, quotes(doc)[0]) == "رئيس الوزراء"


def test_time_and_medium_adverbials_are_outside_speaker(annotate):
    doc = annotate("وقالت وزيرة الصحة الخميس في بيان إن المستشفيات جاهزة.")
    assert speaker_of(doc, quotes(doc)[0]) == "وزيرة الصحة"


def test_a_place_after_the_speaker_is_where_not_who(annotate):
    doc = annotate("وقال وزير الزراعة كمال الهادي في طرابلس إن موسم الحصاد كان جيدا.")
    assert speaker_of(doc, quotes(doc)[0]) == "وزير الزراعة كمال الهادي"
    doc = annotate("وقال مسؤول في وزارة الزراعة إن موسم الحصاد كان جيدا.")
    assert speaker_of(doc, quotes(doc)[0]) == "مسؤول في وزارة الزراعة"


def test_min_jihatihi_resolves_to_previous_speaker(annotate):
    text = ("وقال قائد الشرطة إن الطريق مغلق.\n"
            "ومن جهته، قال إن فرق الإنقاذ وصلت إلى المكان.")
    doc = annotate(text)
    first, second = quotes(doc)
    assert speaker_of(doc, second) == "قائد الشرطة"


def test_pronoun_two_sentences_after_antecedent(annotate):
    text = ("وقالت رئيسة اللجنة إن التقرير سينشر قريبا.\n"
            "وتضم اللجنة خمسة أعضاء من خارج الحكومة.\n"
            "وعقدت اللجنة اجتماعها الأول في الربيع.\n"
            "وأضافت: \"سنعمل بشفافية كاملة مع الجميع\".")
    doc = annotate(text)
    last = quotes(doc)[-1]
    assert last.text_in(text) == "سنعمل بشفافية كاملة مع الجميع"
    assert speaker_of(doc, last) == "رئيسة اللجنة"


def test_implicit_subject_prefers_matching_gender(annotate):
    text = ("وقالت الوزيرة إن الخطة جاهزة.\n"
            "وقال السفير إن بلاده تدعم الخطة.\n"
            "وأضافت أن التمويل مضمون.")
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[-1]) == "الوزيرة"


def test_speakers_never_overlap_quotes_and_are_not_duplicated(annotate):
    text = ('وقال المدير: "العمل مستمر".\nوأضاف: "لا توقف".\nوتابع المدير: "نحن ملتزمون بالمواعيد".')
    doc = annotate(text)
    spans = doc.spans_of(ATTRIBUTION)
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            assert not a.overlaps(b), (a, b)


# --- offsets -----------------------------------------------------------------

def test_offsets_exact_with_diacritics_tatweel_and_emoji(annotate):
    text = "😀 وقــالَ الوزيـــرُ إنَّ الوضعَ مستقرٌّ تمامًا 👍.\nوأضاف: «نحنُ مستعدّون 🚀 للعمل»."
    doc = annotate(text)
    assert texts(doc) == ["الوضعَ مستقرٌّ تمامًا 👍", "نحنُ مستعدّون 🚀 للعمل"]
    assert speaker_of(doc, quotes(doc)[0]) == "الوزيـــرُ"
    for span in doc.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.text_in(text) == text[span.start:span.end]
        assert span.text_in(text) == span.text_in(text).strip()


def test_single_quoted_word_after_a_noun_is_a_name(annotate):
    text = 'وأعلن مصرف "النور" أن أرباحه تضاعفت هذا العام.'
    doc = annotate(text)
    assert texts(doc) == ["أرباحه تضاعفت هذا العام"]
    assert speaker_of(doc, quotes(doc)[0]) == 'مصرف "النور"'


def test_narrator_aside_after_marked_clause(annotate):
    text = 'ووصف النائب القانون بأنه "خطوة إلى الوراء" على حد تعبيره.'
    doc = annotate(text)
    [quote] = quotes(doc)
    assert quote.text_in(text) == "خطوة إلى الوراء"
    assert quote.attrs["kind"] == "direct"


def test_every_quote_of_a_long_paragraph_without_sentence_ends_is_found_and_linked(annotate):
    """A transcript-like paragraph of thousands of quotes: each keeps its own speaker (and the search
    for marks, cues and free ranges is linear, see benchmarks/worst_case_texts.py)."""
    speakers = ["الوزير", "المتحدث باسم الجيش", "رئيسة البلدية"]
    text = " ".join(f"وقال {speakers[i % 3]} «الجولة رقم {i} انتهت بلا اتفاق» ثم" for i in range(3000))
    doc = annotate(text)
    found = quotes(doc)
    assert len(found) == 3000
    assert all(q.text_in(text).startswith("الجولة رقم") for q in found)
    assert [speaker_of(doc, q) for q in found[:3]] == speakers


def test_disjoint_ranges_refuse_any_shared_position_and_accept_neighbours():
    from qawl.ranges import DisjointRanges

    kept = DisjointRanges([(10, 20)])
    assert kept.add(20, 25) and kept.add(5, 10)  # touching ranges share no position
    assert not kept.add(19, 21) and not kept.add(10, 20) and not kept.add(0, 100) and not kept.add(12, 14)
    assert kept.overlaps(24, 30) and not kept.overlaps(25, 30) and not kept.overlaps(0, 5)


@pytest.mark.parametrize("text, quote, speaker", [
    ('وقال المتحدث لسي.إن.إن "سنعلن النتائج كاملة يوم الخميس".', "سنعلن النتائج كاملة يوم الخميس", "المتحدث"),
    ("وأكد محللو بنك إيه.إن.زد اليوم أن الطلب على النفط سيتباطأ.", "الطلب على النفط سيتباطأ",
     "محللو بنك إيه.إن.زد"),
    ("وأكد مكتب التحقيقات إف.بي.آي أن الأدلة كافية لتوجيه الاتهام.", "الأدلة كافية لتوجيه الاتهام",
     "مكتب التحقيقات إف.بي.آي"),
    ("وارتفع عدد النازحين إلى مئة ألف شخص.وقال برنامج الأغذية العالمي إن الوضع يتدهور بسرعة.",
     "الوضع يتدهور بسرعة", "برنامج الأغذية العالمي"),
], ids=["addressee", "bank", "bureau", "missing-space"])
def test_the_letters_of_a_dotted_abbreviation_are_not_a_complementiser(annotate, text, quote, speaker):
    """``إن`` in ``سي.إن.إن`` once opened an indirect quote in the middle of the name; a full stop
    without a space after it (``شخص.وقال``) joins words, not letters, and the verb stays a cue."""
    doc = annotate(text)
    [found] = quotes(doc)
    assert found.text_in(text) == quote
    assert speaker_of(doc, found) == speaker


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقال مدافع الفريق لقناة بي إن سبورتس إن الإصابة لن تبعده طويلا.", "الإصابة لن تبعده طويلا",
     "مدافع الفريق"),
    ("وصرح المدرب لقنوات بي إن سبورت بأن التشكيلة لم تحسم بعد.", "التشكيلة لم تحسم بعد", "المدرب"),
    ("وقال المتحدث لسي إن إن إن الرئيس لن يحضر القمة.", "الرئيس لن يحضر القمة", "المتحدث"),
    ("وأكدت مسؤولة لشبكة إن بي سي أن المفاوضات توقفت.", "المفاوضات توقفت", "مسؤولة"),
    ("وقال الرئيس الكوري الجنوبي مون جاي إن إن بلاده تريد سلاما دائما.", "بلاده تريد سلاما دائما",
     "الرئيس الكوري الجنوبي مون جاي إن"),
    ("وقال الأمين العام السابق بان كي مون إن المنظمة تحتاج إلى إصلاح.", "المنظمة تحتاج إلى إصلاح",
     "الأمين العام السابق بان كي مون"),
    ("وقال الوزير لبي بي سي إن الحكومة لن تستقيل.", "الحكومة لن تستقيل", "الوزير"),
], ids=["bein", "bein-sport", "cnn-addressee", "nbc", "moon-jae-in", "ban-ki-moon", "bbc"])
def test_a_name_spelt_with_spaces_keeps_its_inner_an(annotate, text, quote, speaker):
    """``إن`` in ``بي إن سبورتس``, ``سي إن إن`` or ``مون جاي إن`` (and ``بان`` in ``بان كي مون``) reads as the
    complementiser once folded and used to open the quote inside the name; the ``إن`` after the name still
    opens it (``بي بي سي إن``, whose name has none)."""
    doc = annotate(text)
    [found] = quotes(doc)
    assert found.text_in(text) == quote
    assert speaker_of(doc, found) == speaker


def test_an_after_the_letters_of_a_name_is_the_complementiser_only_outside_it(annotate):
    assert texts(annotate("وقال إن سي إن إن لم تنشر الخبر كاملا.")) == ["سي إن إن لم تنشر الخبر كاملا"]
    assert texts(annotate("وكتب على حسابه في لينكد إن أن الشركة ستفتح مكتبا في الرياض.")) == [
        "الشركة ستفتح مكتبا في الرياض"]


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقالت عمدة باريس آن هيدالغو إن المدينة ستستضيف السباق.", "المدينة ستستضيف السباق", "عمدة باريس آن هيدالغو"),
    ("وقال المدرب الهولندي لويس فان غال إن فريقه يستحق الفوز.", "فريقه يستحق الفوز", "المدرب الهولندي لويس فان غال"),
    ("وأكد الوزير أن الحكومة تعمل في آن واحد على خفض العجز وزيادة النمو.",
     "الحكومة تعمل في آن واحد على خفض العجز وزيادة النمو", "الوزير"),
    ("وبحسب الشرطة المحلية فإن رجلا نقل إلى المستشفى، مشيرة إلى أنه في حالة مستقرة.", "في حالة مستقرة",
     "الشرطة المحلية"),
], ids=["anne", "van", "at-once", "fa-inna"])
def test_words_that_fold_like_the_complementiser_without_being_it(annotate, text, quote, speaker):
    """آن (Anne; في آن واحد) and فان (Van) fold to ان and فان: neither opens a quote nor ends a speaker's
    name, while فإن spelt with hamza still ends the phrase before it."""
    doc = annotate(text)
    [found] = quotes(doc)
    assert found.text_in(text) == quote
    assert speaker_of(doc, found) == speaker


def test_a_verb_after_haythu_shares_the_subject_of_its_reporting_sentence(annotate):
    """``وأكد X …، حيث قال: "…"``: the verb after حيث has its sentence's subject, which a later وأضاف takes up."""
    text = ('وأكد رئيس الاتحاد خالد المري، دعم اللجنة للمنتخب خلال البطولة، حيث قال: "اللاعبون يستحقون كل الدعم". '
            'وأضاف: "سنواصل العمل مع الجهاز الفني".')
    doc = annotate(text)
    assert [speaker_of(doc, q) for q in quotes(doc)] == ["رئيس الاتحاد خالد المري"] * 2


def test_what_is_planned_or_expected_is_no_quote(annotate):
    """``التي من المقرر أن``, ``من المتوقع أن``: an impersonal adjective before أن makes it a plain subordinator."""
    assert texts(annotate("وأشار الوزير إلى البطولة التي من المقرر أن تستضيفها الدوحة العام المقبل.")) == []
    assert texts(annotate("وتحدث المدرب عن المباراة المتوقع أن تقام الأحد في ملعب المدينة.")) == []
    text = "وقال المدرب إن المباراة التي من المقرر أن تقام الأحد ستكون صعبة."
    assert texts(annotate(text)) == ["المباراة التي من المقرر أن تقام الأحد ستكون صعبة"]


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقال رئيس النادي، عبر حسابه على تويتر، إن الفريق سيعود أقوى.", "الفريق سيعود أقوى", "رئيس النادي"),
    ("وأعلن المركز الوطني للتنسيق بين الوكالات أن آلاف الإطفائيين يكافحون الحرائق.",
     "آلاف الإطفائيين يكافحون الحرائق", "المركز الوطني للتنسيق بين الوكالات"),
    ("كشف مصدر مطلع أن الاتفاق بات قريبا.", "الاتفاق بات قريبا", "مصدر مطلع"),
], ids=["via", "between", "kashafa"])
def test_a_form_that_is_also_a_preposition_is_no_cue_while_an_earlier_verb_awaits_its_complement(
        annotate, text, quote, speaker):
    """عبر (via / expressed) and بين (between / explained) count as verbs without و only when their complement
    follows; inside the phrase of a verb still waiting for its own (``وقال X، عبر حسابه، إن``) they are
    prepositions, and the quote is the first verb's."""
    doc = annotate(text)
    [found] = quotes(doc)
    assert found.text_in(text) == quote
    assert speaker_of(doc, found) == speaker


def test_the_saying_noun_after_a_relayed_source_is_not_its_name(annotate):
    text = "ونقلت الوكالة عن مصدر أمني القول إن الهجوم أحبط قبل تنفيذه."
    doc = annotate(text)
    [found] = quotes(doc)
    assert (found.text_in(text), speaker_of(doc, found)) == ("الهجوم أحبط قبل تنفيذه", "مصدر أمني")


def test_a_quote_taken_up_mid_speech_starts_at_its_first_word(annotate):
    text = 'وقال المدرب بعد المباراة: ".. لم نكن في يومنا، وسنعود أقوى في الجولة المقبلة".'
    [found] = quotes(annotate(text))
    assert found.text_in(text) == "لم نكن في يومنا، وسنعود أقوى في الجولة المقبلة"


def test_a_participle_used_as_an_adjective_does_not_make_a_quoted_term_a_quote(annotate):
    """``مشيرا`` without a comma before it or a complement after it is dropped as a cue, and stays dropped
    when the stage looks for the nearest cue before a pair of marks."""
    text = 'واعتذرت الشركة للمسافرين مشيرة إلى أخطاء متكررة في "نظام الحجز الجديد".'
    assert quotes(annotate(text)) == []


def test_a_long_passage_after_li_can_still_be_quoted_words(annotate):
    text = 'ودعا القرار الأطراف إلى التوصل لـ"حل سياسي واقعي وعملي ومستدام يقوم على التوافق"، حسب تعبيره.'
    assert "حل سياسي واقعي وعملي ومستدام يقوم على التوافق" in texts(annotate(text))


@pytest.mark.parametrize("text, speaker", [
    ("وذكرت الإذاعة، نقلا عن مصدر لم يذكر اسمه، أن المفاوضات ستستأنف الأسبوع المقبل.", "مصدر لم يذكر اسمه"),
    ("وقال مسؤول طلب عدم الكشف عن هويته إن المفاوضات ستستأنف الأسبوع المقبل.",
     "مسؤول طلب عدم الكشف عن هويته"),
    ("ونقلت الوكالة عن مصدر لم تكشف عن هويته قوله إن المفاوضات ستستأنف الأسبوع المقبل.",
     "مصدر لم تكشف عن هويته"),
], ids=["relayed", "verb-first", "relay-with-an"])
def test_an_unnamed_source_keeps_its_description_and_its_verb_reports_nothing(annotate, text, speaker):
    """``يذكر`` in ``لم يذكر اسمه`` once made ``اسمه`` the speaker of the next clause."""
    doc = annotate(text)
    assert texts(doc) == ["المفاوضات ستستأنف الأسبوع المقبل"]
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقال الوزير في بيانه إن الحكومة مستعدة للحوار.", "الوزير"),
    ("ويقول المؤرخ سليم حسن في دراسته إن الحكومة مستعدة للحوار.", "المؤرخ سليم حسن"),
    ("وقالت اللجنة في تقريرها إن الحكومة مستعدة للحوار.", "اللجنة"),
    ("وقال الوزراء في مشاريع قرارات إن الحكومة مستعدة للحوار.", "الوزراء"),
    ("وقال رئيس قسم الطوارئ في مستشفى الشفاء إن الحكومة مستعدة للحوار.", "رئيس قسم الطوارئ في مستشفى الشفاء"),
], ids=["statement", "study", "report", "drafts", "hospital-is-a-descriptor"])
def test_where_something_was_said_is_not_part_of_the_speaker(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


def test_the_name_ali_opens_a_speaker_where_the_text_tells_it_from_the_preposition(annotate):
    text = "وقال علي لاريجاني إن المفاوضات انتهت. وقال الوزير على هامش المؤتمر إن الضغط سيزداد."
    doc = annotate(text)
    first, second = quotes(doc)
    assert speaker_of(doc, first) == "علي لاريجاني"
    assert speaker_of(doc, second) == "الوزير"


def test_alan_is_a_name_where_now_is_not(annotate):
    text = "ويقول ألان جونسون، محرر الشؤون الدولية، إن الحظر سيرفع."
    assert only_quote(annotate, text) == ("الحظر سيرفع", "ألان جونسون")
    assert only_quote(annotate, "وقال المحقق آلان غاردنر إن القاتل اعترف.") == ("القاتل اعترف", "المحقق آلان غاردنر")
    assert only_quote(annotate, "وقال الوزير الآن إن الوضع مستقر.") == ("الوضع مستقر", "الوزير")


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقال الوزير، رغم أن المعارضة انسحبت، إن الجلسة قانونية.", "الجلسة قانونية", "الوزير"),
    ("وقال الوزير بعد أن التقى نظيره الفرنسي إن المحادثات كانت مثمرة.", "المحادثات كانت مثمرة", "الوزير"),
], ids=["concessive-between-commas", "temporal-then-inna"])
def test_a_subordinate_clause_between_verb_and_complement_is_skipped(annotate, text, quote, speaker):
    doc = annotate(text)
    assert texts(doc) == [quote]
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text", [
    "وتمنى اللاعب الاحتراف في الخارج، إلا أنه غير رأيه في الأعوام الأخيرة.",
    "وأضاف يجب أن نمنحه الثقة ليشعر بأن لديه مكانا في الفريق.",
], ids=["illa-anna-is-however", "clause-of-yajib"])
def test_no_quote_without_a_content_clause_of_the_verb(annotate, text):
    assert quotes(annotate(text)) == []


def test_a_preposition_with_a_pronoun_is_not_the_speaker(annotate):
    text = 'ونشر الرئيس رسالة قال فيها إن "الحوار هو الطريق الوحيد".'
    doc = annotate(text)
    [quote] = quotes(doc)
    assert speaker_of(doc, quote) != "فيها"
    assert "الرئيس" in speaker_of(doc, quote)


def test_a_verbal_noun_after_a_preposition_is_not_a_reporting_verb(annotate):
    """``على ذكر`` (on mention of) once made its object the speaker of a quoted passage."""
    text = 'ولا تأتي الوثيقة على ذكر المطلب الأمريكي "بنزع الأسلحة النووية بصورة كاملة يمكن التحقق منها".'
    doc = annotate(text)
    assert all(speaker_of(doc, quote) is None for quote in quotes(doc))


@pytest.mark.parametrize("text", [
    'وأورد الجيش تفاصيل الغارات، حيث أقلعت ثماني طائرات "إف 16" من قاعدة في الجنوب.',
    'وكشفت شركات أخرى، مثل أوبر ومجموعة من الشركات الناشئة مثل "كيتي هوك"، عن مشروعات للطيران.',
], ids=["aircraft", "company"])
def test_two_words_in_marks_away_from_the_verb_are_a_name(annotate, text):
    assert all(len(q.text_in(text).split()) > 2 for q in quotes(annotate(text)))


@pytest.mark.parametrize("text, fragment", [
    ('ووصف الرئيس التركي العقوبات الأمريكية على بلاده "طعنة بالظهر".', "طعنة بالظهر"),
    ('وهتف المتظاهرون في الساحة الكبيرة وسط العاصمة "فليسقط القيصر".', "فليسقط القيصر"),
    ('وأعرب وزير الخارجية الفرنسي في مؤتمر صحفي عن "قلق بالغ".', "قلق بالغ"),
], ids=["described-as", "chant", "after-an"])
def test_two_words_tied_to_a_wording_verb_stay_quoted(annotate, text, fragment):
    assert fragment in texts(annotate(text))


@pytest.mark.parametrize("text, quote, speaker", [
    ('وقالت "رويترز" إن المحادثات انتهت دون اتفاق.', "المحادثات انتهت دون اتفاق", "رويترز"),
    ('وقال "حزب الله" في بيان إن مقاتليه انسحبوا من البلدة.', "مقاتليه انسحبوا من البلدة", "حزب الله"),
    ('ونقلت الوكالة عن "مصدر أمني" أن المنفذ اعتقل قرب المحطة.', "المنفذ اعتقل قرب المحطة", "مصدر أمني"),
], ids=["agency", "party-in-a-statement", "relayed"])
def test_a_name_in_marks_right_after_the_verb_is_the_speaker(annotate, text, quote, speaker):
    doc = annotate(text)
    assert texts(doc) == [quote]
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, not_speaker", [
    ('وقال عباس إن الأمر انتهى. ووصف "وظيفتهم الاجتماعية" بأنها كانت في أعمال الربا.', "وظيفتهم الاجتماعية"),
    ('وبعث رئيس الحكومة رسائل للمواطنين، مؤكدا "بلا اعتذار" أن الإصلاح سيستمر.', "بلا اعتذار"),
], ids=["object-of-a-describing-verb", "after-a-participle"])
def test_a_name_in_marks_that_is_not_the_subject_is_not_the_speaker(annotate, text, not_speaker):
    doc = annotate(text)
    assert quotes(doc) and all(speaker_of(doc, quote) != not_speaker for quote in quotes(doc))


def test_latin_words_in_marks_are_a_title_unless_they_follow_the_verb(annotate):
    text = 'وأضافت الشركة في آخر تحديث لنظام تشغيلها "iOS 12 beta 5" خاصية لحماية الأطفال.'
    assert quotes(annotate(text)) == []
    text = 'وكتب الرئيس على تويتر: "We will win".'
    assert texts(annotate(text)) == ["We will win"]


def test_a_direct_quote_followed_by_a_time_clause_is_kept(annotate):
    text = 'وقال الوزير "سنعود أقوى في الانتخابات المقبلة" بعد أن خسر حزبه.'
    doc = annotate(text)
    assert texts(doc) == ["سنعود أقوى في الانتخابات المقبلة"]
    assert speaker_of(doc, quotes(doc)[0]) == "الوزير"


# --- speakers: who is and who is not the source (issue 23) -----------------------------------------

def test_the_audience_of_a_verb_of_telling_is_not_the_speaker(annotate):
    text = ("قال المتحدث باسم البلدية إن المياه ستعود مساء اليوم. "
            "وأبلغ الصحفيين أن فرق الصيانة تعمل منذ الفجر.")
    doc = annotate(text)
    first, second = quotes(doc)
    assert second.text_in(text) == "فرق الصيانة تعمل منذ الفجر"
    assert speaker_of(doc, second) == "المتحدث باسم البلدية"  # the one who spoke before, not الصحفيين


def test_the_one_telling_is_the_speaker_when_named(annotate):
    text = "وأبلغ الوزير النواب أن الموازنة ستقدم الشهر المقبل."
    assert only_quote(annotate, text)[1].startswith("الوزير")


def test_the_words_after_a_participle_without_a_verb_are_its_object(annotate):
    text = ("قالت المغنية إن الحفل سيقام في موعده.\n"
            "داعيةً جمهورها إلى أن يحضروا باكرا لأن التذاكر نفدت.")
    doc = annotate(text)
    last = quotes(doc)[-1]
    assert last.text_in(text) == "يحضروا باكرا لأن التذاكر نفدت"
    assert speaker_of(doc, last) == "المغنية"  # not جمهورها


def test_the_subject_before_qad_is_the_speaker_not_the_object_after_the_verb(annotate):
    text = "وكان الاتحاد المحلي قد أعلن تأجيل المباراة، معلنا أن الملعب غير جاهز."
    assert only_quote(annotate, text) == ("الملعب غير جاهز", "الاتحاد المحلي")


def test_a_verb_with_wa_takes_no_subject_from_the_words_before_it(annotate):
    text = ("تحدث المدرب طويلا عن التشكيلة التي يملكها، وقال: سنلعب للفوز في كل مباراة.")
    assert only_quote(annotate, text)[1] != "يملكها"


def test_mufidan_opens_a_report_of_its_own(annotate):
    text = "وأوضحت الوزيرة أن المدارس ستفتح غدا، مفيدة أن الدوام سيبدأ في الثامنة."
    assert texts(annotate(text)) == ["المدارس ستفتح غدا", "الدوام سيبدأ في الثامنة"]


# --- marks: names, abbreviations and long passages (issue 23) ---------------------------------------

def test_a_long_passage_after_a_naming_noun_is_still_a_quote(annotate):
    text = ('وشكر رئيس النادي المدرب على جهوده مع الفريق "كان خيارنا الأول بفضل عمله الرائع في '
            'السنوات الأخيرة مع اللاعبين الشباب".')
    assert texts(annotate(text)) == ["كان خيارنا الأول بفضل عمله الرائع في السنوات الأخيرة مع اللاعبين الشباب"]


def test_a_short_name_after_a_naming_noun_is_not(annotate):
    assert texts(annotate('وفاز الفريق "نجوم الساحل" بالكأس بعد مباراة صعبة.')) == []


@pytest.mark.parametrize("text", [
    'وقتل 16 فلسطينيا قرب الحدود في مسيرة "يوم الأرض"، فيما أعلن الجيش المنطقة مغلقة.',
    'وأعلن مطورون عقاريون عن مشروعات كبرى خلال مشاركتهم في معرض "سيتي سكيب جلوبال 2018".',
    'وقال اللاعب في حديث للوكالة على هامش دورة "ريد بول 5" إنه سعيد.',
    'وتضمن الفيلم لقاء مع المقاتلات ضمن احتفالية "عيد الأم" في دمشق.',
])
def test_a_march_a_fair_or_an_event_in_marks_after_its_noun_is_a_name(annotate, text):
    assert all("سيتي" not in q and "يوم الأرض" not in q and "ريد بول" not in q and "عيد الأم" not in q
               for q in texts(annotate(text)))


def test_the_words_a_verb_of_wording_gives_are_a_quote_whatever_noun_precedes_it(annotate):
    """مسيرة وصفها بـ"…": the marks are the verb's complement; the naming noun before the verb does not make them
    a name (a passive وصفت, with no pronoun, leaves the noun before it to name them)."""
    text = 'أعلن المهاجم ماريو ماندزوكيتش اعتزاله اللعب الدولي، ليتوج مسيرة وصفها بـ"أجمل رحلة".'
    assert texts(annotate(text)) == ["أجمل رحلة"]


def test_letters_spelt_out_in_marks_are_an_abbreviation(annotate):
    assert texts(annotate('وانتقد الرئيس المدير السابق لمكتب التحقيقات الفيدرالي "إف بي آي" في تغريدة.')) == []
    text = 'وقال المدير السابق لمكتب التحقيقات الفيدرالي "إف بي آي" إن التحقيق لم ينته.'
    assert texts(annotate(text)) == ["التحقيق لم ينته"]


def test_a_marked_name_headed_by_its_own_naming_noun_where_something_was_said_is_no_quote(annotate):
    """``تتحدث في "منتدى …"``, ``الأستاذ في "جامعة …"``: the naming noun is the name's first word, inside the marks."""
    text = 'وقالت المديرة التي كانت تتحدث في "منتدى الاقتصاد العربي" في الرباط، إن النمو سيتباطأ هذا العام.'
    assert texts(annotate(text)) == ["النمو سيتباطأ هذا العام"]
    assert texts(annotate('وكشف باحثون في "جامعة الملك سعود" عن نوع جديد من النخيل.')) == []
    # a verbal noun leads what was said as often as a name
    text = 'وأعربت المغنية عن أملها في "تنظيم حفلين لمعجبيها في القاهرة وعمان".'
    assert texts(annotate(text)) == ["تنظيم حفلين لمعجبيها في القاهرة وعمان"]


@pytest.mark.parametrize("text", [
    'وكشفت صحف رياضية عن رغبة المدرب في بيع المهاجم، الذي انتقل إلى "ملعب الأمير" قبل عامين بصفقة قياسية.',
    'وأعلنت الحكومة، الأحد، دعمها لما يعرف بـ"ربيع الساحل" في المنطقة.',
    'وأشاد الوزير بالمبادرة التي أطلقتها النقابة، وتسمى بـ"يد واحدة"، لدعم العمال.',
    'وأعلن المنتخب استدعاء الحارس، الذي يلقب بـ"العنكبوت الأسمر"، لمباراتي الشهر المقبل.',
])
def test_two_marked_words_after_a_naming_verb_or_inside_a_relative_clause_are_a_name(annotate, text):
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text, quote", [
    ('ودعت الوزارة، الأحد، إلى "تحقيق عاجل" في الحادث.', "تحقيق عاجل"),
    ('ودعت البعثة الفريق، الذي يقوده المدرب الجديد، إلى "احترام الجماهير" في المباراة المقبلة.', "احترام الجماهير"),
    ('وأعلنت الشرطة توقيف الرجل الذي وصفته بـ"المحرض الأول" على أعمال الشغب.', "المحرض الأول"),
])
def test_two_marked_words_a_speech_verb_ties_to_its_source_stay_a_quote(annotate, text, quote):
    assert texts(annotate(text)) == [quote]


def test_the_source_in_marks_after_as_reported_is_a_name(annotate):
    text = 'وأضاف: "سنواصل العمل في المنطقة"، وفق ما نقلت "وكالة الأنباء".'
    assert texts(annotate(text)) == ["سنواصل العمل في المنطقة"]
    text = 'وقالت المديرة إن الفريق اكتشف ثغرات كثيرة في الشبكة، بحسب ما نقلته "النشرة العربية للأخبار التقنية".'
    assert texts(annotate(text)) == ["الفريق اكتشف ثغرات كثيرة في الشبكة"]


def test_a_marked_name_before_comma_and_inna_belongs_to_the_speakers_phrase(annotate):
    text = 'وقال رئيس البرلمان، في مقابلة مع قناة "الشرق"، إن العلاقة بين البلدين قوية.'
    assert only_quote(annotate, text) == ("العلاقة بين البلدين قوية", "رئيس البرلمان")


def test_a_relative_clauses_verb_without_a_complement_of_its_own_does_not_end_the_report(annotate):
    text = "وقالت الوزارة إن الوفد، برئاسة الوزير، سيشارك في القمة التي دعا إليها الملك، لبحث الأزمة الاقتصادية."
    assert texts(annotate(text)) == [
        "الوفد، برئاسة الوزير، سيشارك في القمة التي دعا إليها الملك، لبحث الأزمة الاقتصادية"]
    text = "وقال المدير إن 4 أشخاص قتلوا، بينهم السائق الذي قالت الشرطة إنه أطلق النار على نفسه."
    assert texts(annotate(text)) == ["4 أشخاص قتلوا", "أطلق النار على نفسه"]  # one with its own complement does


def test_marks_after_yutlaq_alayha_hold_a_name(annotate):
    text = 'والجزيرة مركز للمال وتعتبر ممرا بين آسيا والغرب ويطلق عليها "سويسرا آسيا" في الصحافة المحلية.'
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text, quote, speaker", [
    ('وحذر الأمين العام للأمم المتحدة من "كارثة إنسانية" في الإقليم.', "كارثة إنسانية", "الأمين العام للأمم المتحدة"),
    ("وحذرت القيادة العامة للقوات المسلحة، الجمعة، من أن الحدود مهددة.", "الحدود مهددة",
     "القيادة العامة للقوات المسلحة"),
])
def test_a_title_keeps_its_genitive_with_lil(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_the_medium_of_a_source_after_as_reported_is_a_name(annotate):
    text = 'وسيطر الجيش على المدينة، حسبما أكدت مصادر "قناة الساحل"، السبت.'
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text, quote, speaker", [
    ('لكن المدرب وصف التحكيم بأنه "فضيحة كاملة".', "فضيحة كاملة", "المدرب"),
    ("وكانت الوزارة حذرت المواطنين من أن العاصفة ستشتد.", "العاصفة ستشتد", "الوزارة"),
    ('وقال المسؤول طالبا عدم كشف هويته إن المفاوضات متعثرة.', "المفاوضات متعثرة", "المسؤول"),
])
def test_a_subject_before_a_verb_that_takes_its_object_first(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_a_particle_before_such_a_verb_is_no_subject(annotate):
    text = "ويرى المحللون أن الاتفاق صامد، وبينما حذرت الحكومة من أن الأسعار سترتفع."
    assert last_quote(annotate, text) == ("الأسعار سترتفع", "الحكومة")


@pytest.mark.parametrize("text", [
    'وكانت الفنانة قد نشرت مقطع فيديو عبر حسابها على "انستغرام" يظهر فيه زميلها.',  # the platform of her account
    'وتابع الملايين برنامجا يوميا للكاميرا الخفية اسمه "مشيتي فيها" في موسمه الثالث.',  # its name
    "ونشر اللاعب صورة من الملعب، في ما بدا أنها رسالة إلى إدارة النادي.",  # the narrator's impression
])
def test_names_of_ones_own_things_and_the_narrators_impressions_are_no_quotes(annotate, text):
    assert texts(annotate(text)) == []


def test_yablugh_amounts_to_and_reports_nothing(annotate):
    text = "ولا يشمل التعريف إلا المنتجات التي تبلغ قيمتها أكثر من 50 يورو، حيث إنه مسموح لكل بلد تفسيره."
    assert texts(annotate(text)) == []
    text = "وقال الوزير إن المشروع يهدف لبناء خمسة مصانع، تبلغ كلفة كل منها مليون دولار."
    assert texts(annotate(text)) == ["المشروع يهدف لبناء خمسة مصانع، تبلغ كلفة كل منها مليون دولار"]


# --- clause ends (issue 23) ---------------------------------------------------------------------------

def test_wahuwa_ma_is_the_narrators_gloss_but_wahuwa_goes_on_with_the_speaker(annotate):
    assert texts(annotate("وقال الوزير إن الأسعار ستنخفض قريبا، وهو ما رحب به التجار.")) == [
        "الأسعار ستنخفض قريبا"]
    assert texts(annotate("وقال الوزير إن البرنامج بدأ الشهر الماضي، وهو يهدف إلى دعم المزارعين.")) == [
        "البرنامج بدأ الشهر الماضي، وهو يهدف إلى دعم المزارعين"]


def test_wadhalika_goes_on_with_the_speaker(annotate):
    assert texts(annotate("وأكدت الوزارة أنها أنهت جميع الإجراءات، وذلك ضمن خطة إصلاح القطاع.")) == [
        "أنهت جميع الإجراءات، وذلك ضمن خطة إصلاح القطاع"]


def test_an_aside_after_the_closing_mark_ends_the_clause(annotate):
    text = 'وأضاف أن الأزمة بدأت "في منطقتنا وفي سياساتهم" على حد تعبيره، قبل أن يغادر القاعة.'
    assert texts(annotate(text)) == ['الأزمة بدأت "في منطقتنا وفي سياساتهم']


def test_a_colon_quote_ends_where_the_narrator_goes_on_with_wa(annotate):
    text = ("وقال المدرب: الفريق قدم مباراة كبيرة. ويستعد الفريق للقاء الجولة المقبلة يوم السبت.")
    assert texts(annotate(text)) == ["الفريق قدم مباراة كبيرة"]
    text = ("وقال المدرب: الفريق قدم مباراة كبيرة. ولا نريد أن نتوقف هنا.")
    assert texts(annotate(text)) == ["الفريق قدم مباراة كبيرة. ولا نريد أن نتوقف هنا"]


def test_an_ambiguous_form_is_the_cue_when_its_complement_follows(annotate):
    text = "كشف مصدر مطلع في الوزارة أن الموازنة ستعرض على البرلمان الأسبوع المقبل."
    assert only_quote(annotate, text) == ("الموازنة ستعرض على البرلمان الأسبوع المقبل", "مصدر مطلع في الوزارة")
    assert texts(annotate("وتونس بين الدول التي يحتمل أن تستقبل المهاجرين.")) == []
    assert texts(annotate("وكشف الجرد عن نقص في المخزون.")) == []


# --- the subject of the sentence's verb for a participle (issue 23) ----------------------------------

@pytest.mark.parametrize("text, quote, speaker", [
    ("استقال مدرب المنتخب الوطني من مهامه، مبررا ذلك بأنه يشعر بالملل.", "يشعر بالملل", "مدرب المنتخب الوطني"),
    ("تحدى المتهم القضاة في الجلسة الأولى، مؤكدا أنه لا يخاف منهم.", "لا يخاف منهم", "المتهم"),
    ("عقد الوزير مؤتمرا صحفيا في العاصمة، موضحا أن الخطة ستبدأ غدا.", "الخطة ستبدأ غدا", "الوزير"),
    ("أدان المتحدث باسم الحكومة الهجوم على القافلة، قائلا إن الحكومة ستلاحق الفاعلين.",
     "الحكومة ستلاحق الفاعلين", "المتحدث باسم الحكومة"),
    ("وقال الأمين العام للمنظمة إن المساعدات وصلت، مضيفا أن قوافل أخرى في الطريق.",
     "قوافل أخرى في الطريق", "الأمين العام للمنظمة"),
])
def test_a_participle_speaks_for_the_subject_of_its_sentence_not_the_object(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ("قال وزير الدفاع إن قواته تتقدم، لكن متحدثا باسم المعارضة نفى ذلك، قائلا إن القوات لم تتحرك.",
     "القوات لم تتحرك", "متحدثا باسم المعارضة"),
    ("وفي سياق متصل، نددت الدول الخمس بالسياسة الجديدة، واعتبرت أنها تضر بالتجارة العالمية.",
     "تضر بالتجارة العالمية", "الدول الخمس"),
    ("من جانبه رد رئيس الشركة على سؤال عن الخسائر قائلا إن الأرباح ستعود العام المقبل.",
     "الأرباح ستعود العام المقبل", "رئيس الشركة"),
    ('فبعد أن أكد اللاعب أنه يريد البقاء في الفريق، فإن رئيس النادي قال "لن نبيعه مهما كان العرض".',
     "لن نبيعه مهما كان العرض", "رئيس النادي"),
])
def test_the_subject_is_tracked_across_the_clauses_of_a_sentence(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_a_report_inside_a_subordinate_clause_ends_where_the_main_clause_comes_back(annotate):
    text = 'فبعد أن أكد اللاعب أنه يريد البقاء في الفريق، فإن رئيس النادي قال "لن نبيعه مهما كان العرض".'
    assert texts(annotate(text)) == ["يريد البقاء في الفريق", "لن نبيعه مهما كان العرض"]


@pytest.mark.parametrize("text, quote, speaker", [
    ('وأصدر الاتحاد المحلي بيانا قال فيه: "لن نتراجع عن القرار".', "لن نتراجع عن القرار", "الاتحاد المحلي"),
    ("وطلب المدرب من اللاعبين التركيز طوال اللقاء، كونه يرى أن المباراة صعبة.", "المباراة صعبة", "المدرب"),
    ("وأصدرت الوزارة بيانا دعت فيه المواطنين إلى الحذر، مؤكدة أن العاصفة قوية.", "العاصفة قوية", "الوزارة"),
    # a first word with و that the lists know as a noun opens no verb's clause
    ("وزير المالية الجديد قال إن الميزانية جاهزة.", "الميزانية جاهزة", "وزير المالية الجديد"),
])
def test_a_sentence_opened_by_a_verb_lends_its_subject_not_the_whole_clause(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ("وجاء القرار في اليوم الذي قال فيه وزير الصحة إن الوباء انحسر.", "الوباء انحسر", "وزير الصحة"),
    ("ووقعت الحادثة في وقت يقول فيه مسؤولون إن الأمن تحسن.", "الأمن تحسن", "مسؤولون"),
    ('وعاتب الحارس زميله، فقال له المدرب: "ستلعب غدا".', "ستلعب غدا", "المدرب"),
])
def test_the_subject_follows_a_pronoun_that_resumes_the_antecedent(annotate, text, quote, speaker):
    """``الذي قال فيه X``: the relative's antecedent is where it was said, and X says it."""
    assert last_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ('وختم المدرب حديثه: "سنعود أقوى في الموسم المقبل".', "سنعود أقوى في الموسم المقبل", "المدرب"),
    ("وقال الوزير في سياق حديثه عن الموازنة إن العجز سينخفض.", "العجز سينخفض", "الوزير"),
    ('وقال الحارس موجها حديثه للجماهير: "شكرا على الدعم".', "شكرا على الدعم", "الحارس"),
    ("وقال الاتحاد الآسيوي لكرة القدم (آسيوي)، الجمعة، إنه سيعاقب الناديين.", "سيعاقب الناديين",
     "الاتحاد الآسيوي لكرة القدم (آسيوي)"),
    ("وقال المهاجم (29 عاما) بعد المباراة إن الفوز مستحق.", "الفوز مستحق", "المهاجم"),
    ("وخسر الفريق نقطتين، لأن المدرب الجديد أعلن أنه سيريح الأساسيين.", "سيريح الأساسيين", "المدرب الجديد"),
    ('وذكرت "الصباح" في مقتطفات من الحوار "لن أترك النادي هذا الصيف".', "لن أترك النادي هذا الصيف", "الصباح"),
    # the من-complement of a word of closeness is the source's own; the one spoken to after it is not
    ("وقال مصدر مقرب من الحكومة إن الاتفاق بات قريبا.", "الاتفاق بات قريبا", "مصدر مقرب من الحكومة"),
    ("وقالت مصادر قريبة من التحقيق لرويترز إن المشتبه به اعتقل.", "المشتبه به اعتقل",
     "مصادر قريبة من التحقيق"),
    ("وقالت صحيفة ليفربول إيكو المقربة من نادي ليفربول إن اللاعب سيرحل.", "اللاعب سيرحل",
     "صحيفة ليفربول إيكو المقربة من نادي ليفربول"),
    # so is the على-complement of a word of knowing or overseeing, and what a source is on (على صلة)
    ("وقال مصدر مطلع على المفاوضات إن الجولة المقبلة ستعقد في جنيف.", "الجولة المقبلة ستعقد في جنيف",
     "مصدر مطلع على المفاوضات"),
    ("ويقول القائمون على الدراسة إن النتائج مشجعة.", "النتائج مشجعة", "القائمون على الدراسة"),
    ("وقال رئيس الهيئة العامة للرقابة على الصادرات إن الصادرات زادت.", "الصادرات زادت",
     "رئيس الهيئة العامة للرقابة على الصادرات"),
    ("وقال مسؤول على صلة بالتحقيق إن الأدلة كافية.", "الأدلة كافية", "مسؤول على صلة بالتحقيق"),
    # where a source is from, its age, what it answers for or defends; not what a warning is of
    ("وقال مسؤول من وزارة الصحة إن المستشفيات ممتلئة.", "المستشفيات ممتلئة", "مسؤول من وزارة الصحة"),
    ("وقال اللاعب البالغ من العمر 32 عاما إنه سيعتزل نهاية الموسم.", "سيعتزل نهاية الموسم",
     "اللاعب البالغ من العمر 32 عاما"),
    ("وقالت الهيئة المسؤولة عن سلامة الأغذية إن المنتج آمن.", "المنتج آمن", "الهيئة المسؤولة عن سلامة الأغذية"),
    ("ويقول المدافعون عن حقوق الإنسان إن العدد أكبر.", "العدد أكبر", "المدافعون عن حقوق الإنسان"),
    ("وحذر خبراء من الاحتباس الحراري قائلين إن الصيف سيكون أشد حرا.", "الصيف سيكون أشد حرا", "خبراء"),
    # an unnamed source's description is its own, with the agent that left it unnamed and its brackets
    ("ونقلت الوكالة عن مصادر لم تسمها أن المفاوضات توقفت.", "المفاوضات توقفت", "مصادر لم تسمها"),
    ("وقال مسؤول لم تسمه الصحيفة إن المفاوضات توقفت.", "المفاوضات توقفت", "مسؤول لم تسمه الصحيفة"),
    ("ونقلت الوكالة عن مصدر قضائي (لم تسمه) أن المتهمين أحيلوا إلى المحكمة.", "المتهمين أحيلوا إلى المحكمة",
     "مصدر قضائي (لم تسمه)"),
    ("وقال الوزير في سلسلة تغريدات إن الحوار مستمر.", "الحوار مستمر", "الوزير"),  # where he said it
    # a title and a name after the description are still the subject, not the verb's object; a time
    # adverbial with منذ is no part of it
    ('ووصف ولي العهد الأمير خالد بن سعود الهجوم بأنه "عدوان".', "عدوان", "ولي العهد الأمير خالد بن سعود"),
    ('ودعا العاهل المغربي الملك محمد السادس إلى "إصلاح شامل".', "إصلاح شامل", "العاهل المغربي الملك محمد السادس"),
    ('وتتوعد دول غربية منذ يومين بـ"رد قوي" على الهجوم.', "رد قوي", "دول غربية"),
    # what the sentence's subject called it: ما + a verb of calling has that subject as its source
    ("وأدانت المجموعة الأسبوع الماضي ما قالت إنه هجوم بغاز الأعصاب.", "هجوم بغاز الأعصاب", "المجموعة"),
    # what the relayed source is said to have done, with its pronoun, follows the source
    ("ونقلت الوكالة عن الوزير تأكيده أن القوات تستعد لهجوم.", "القوات تستعد لهجوم", "الوزير"),
    ("ونقلت الصحيفة عن خبراء ترجيحهم أن الحريق كان متعمدا.", "الحريق كان متعمدا", "خبراء"),
    ("ونقل التقرير عن أحد المصادر زعمه أن الأمير وعد بالدعم.", "الأمير وعد بالدعم", "أحد المصادر"),
    ("ونقلت الرئاسة عن الرئيس تعهده بأن الرواتب ستدفع كاملة.", "الرواتب ستدفع كاملة", "الرئيس"),
    ("وأبدى المدرب سعادته بأن الفريق حقق الفوز.", "الفريق حقق الفوز", "المدرب"),
    # an adverb after the verb starts no source: the subject before the verb is the source
    ("لكن الوزير أكد بالمقابل أنه لن ينضم إلى الحزب.", "لن ينضم إلى الحزب", "الوزير"),
    ("وكرر الرئيس مرارا أن بلاده لن تتراجع.", "بلاده لن تتراجع", "الرئيس"),
    ("وكان اللاعب اعترف علنا بأنه أخطأ في حق زملائه.", "أخطأ في حق زملائه", "اللاعب"),
    # a quantity's من-complement is what it counts; the outlet after للـ is the one spoken to
    ("ويقول الكثير من معجبي المغني إنه ضحية مؤامرة.", "ضحية مؤامرة", "الكثير من معجبي المغني"),
    ('وقال الوزير للصحيفة: "لن نرفع الضرائب".', "لن نرفع الضرائب", "الوزير"),
    ("ويقول الدكتور ريكاردو بيريز دي لا فوينتي إن الاكتشاف مهم.", "الاكتشاف مهم",
     "الدكتور ريكاردو بيريز دي لا فوينتي"),
    # an envoy's إلى-complement names where he is sent, but أشار … إلى stays the verb's
    ("وقال مبعوث الأمم المتحدة إلى اليمن إن الهدنة صامدة.", "الهدنة صامدة", "مبعوث الأمم المتحدة إلى اليمن"),
    ("وأشار السفير إلى أن الهدنة صامدة.", "الهدنة صامدة", "السفير"),
    # "to me" before the source; a number's من; a comma inside a number is no comma
    ('وقال لي أحد مسؤولي الحزب: "لقد مررنا بما هو أسوأ".', "لقد مررنا بما هو أسوأ", "أحد مسؤولي الحزب"),
    ("ويقول لي برانستتر، أستاذ الاقتصاد، إن الصين ستتراجع.", "الصين ستتراجع", "لي برانستتر"),
    ("وقال أكثر من 12 من المسؤولين إن القرار نهائي.", "القرار نهائي", "أكثر من 12 من المسؤولين"),
    ("وقال أكثر من نصف المجيبين (57,9٪) إن العمل ممتع.", "العمل ممتع", "أكثر من نصف المجيبين"),
    ("وقال بيان صادر عن وزارة الخارجية إن الوزير سيزور موسكو.", "الوزير سيزور موسكو",
     "بيان صادر عن وزارة الخارجية"),
    ("قال مصدر مطلع لـCNN إن المسؤولين غادروا.", "المسؤولين غادروا", "مصدر مطلع"),
    # what a subject issued (an indefinite speech event) before the verb that reports is no part of it
    ('وأصدر أقارب الضحية بيانا قالوا فيه: "لقد دمرت عائلتنا".', "لقد دمرت عائلتنا", "أقارب الضحية"),
    ('ونشر الاتحاد تغريدة على حسابه جاء فيها "نعتذر لجماهيرنا".', "نعتذر لجماهيرنا", "الاتحاد"),
    ("أصدرت وزارة الدفاع بيانا قالت فيه إن الطائرة سقطت.", "الطائرة سقطت", "وزارة الدفاع"),
    # a body's name in marks after its noun is one unit of the source's phrase, up to seven words
    ('ونقلت الوكالة عن مدير منظمة "سوريون من أجل الحقيقة والعدالة" بسام الأحمد قوله: "الحرب مستمرة".',
     "الحرب مستمرة", 'مدير منظمة "سوريون من أجل الحقيقة والعدالة" بسام الأحمد'),
    ('واعتبرت المديرة التنفيذية لمنظمة "النساء الآن" ماريا العبدة أن "الحلم مؤجل".', "الحلم مؤجل",
     'المديرة التنفيذية لمنظمة "النساء الآن" ماريا العبدة'),
    ("وقال الرئيس الأمريكي وقتها إن الجانبين تعهدا بالعمل.", "الجانبين تعهدا بالعمل", "الرئيس الأمريكي"),
])
def test_where_a_speakers_phrase_ends(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_the_subject_between_kana_and_qad_speaks_for_a_later_verb_of_its_sentence(annotate):
    text = "وكان الحارس، قائد المنتخب، قد أبدى رغبته في البقاء، وصرح أمس أنه سيجدد عقده."
    assert last_quote(annotate, text) == ("سيجدد عقده", "الحارس")


@pytest.mark.parametrize("text", [
    "وما بين مؤيد ومعارض، يبدو أن القرار سيمر بسهولة.",  # ما بين: between; يبدو أن: the narrator's
    "وكان اللاعب يعلق آماله على المباراة علما بأن الفريق خسر مرتين.",  # علما بأن: the narrator's aside
])
def test_the_narrators_own_clauses_are_no_quotes(annotate, text):
    assert texts(annotate(text)) == []


def test_bima_ends_the_speakers_phrase(annotate):
    text = 'وندد النائب بما اعتبره "استفزازا حقيقيا" للبرلمان.'
    assert only_quote(annotate, text) == ("استفزازا حقيقيا", "النائب")


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقالت الحكومة في البداية إن ثلاثة أشخاص قتلوا.", "ثلاثة أشخاص قتلوا", "الحكومة"),
    ("وقال رئيس محكمة البداية إن الجلسة أرجئت.", "الجلسة أرجئت", "رئيس محكمة البداية"),  # a name
    ("وشدد الوزير على ضرورة الحوار، مؤكدا أن الحل سياسي.", "الحل سياسي", "الوزير"),
])
def test_when_and_what_after_the_source_are_no_part_of_it(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text", [
    "وتمتد العلاقات بين البلدين إلى قطاع السياحة حيث إن لندن أكثر المدن التي يقصدها الزوار.",  # حيث إن: since
    "ويعاني الشعب، وسيظل يعاني طالما أنه مصر على العناد.",  # طالما أن: as long as
    "وتعد المواجهة الرابعة بين الفريقين، حيث سبق أن تقابلا ثلاث مرات.",  # سبق أن: had already
])
def test_subordinators_before_anna_open_no_report(annotate, text):
    assert texts(annotate(text)) == []


def test_a_relative_clause_between_commas_inside_the_subject_reports_nothing(annotate):
    text = ("وقال المدرب، الذي سبق أن انتقد الحكام بشدة، في المؤتمر الصحفي إن الفريق سيعود أقوى.")
    assert last_quote(annotate, text) == ("الفريق سيعود أقوى", "المدرب")
    text = "وقال المسؤول الذي تحدث شريطة عدم نشر اسمه إن المفاوضات متعثرة."
    assert last_quote(annotate, text) == ("المفاوضات متعثرة", "المسؤول")  # no relative pronoun left in the speaker


def test_a_word_a_subject_starts_after_starts_no_speaker(annotate):
    text = "وقال وزير الدفاع وفقا لما نقلته وكالة الأنباء إن القوات جاهزة."
    assert only_quote(annotate, text)[1] == "وزير الدفاع"
    text = "وتمنى فيما بعد ألا يتكرر الخطأ."  # no speaker is better than فيما
    assert [s for s in annotate(text).spans if s.label == "SPEAKER"] == []
    assert only_quote(annotate, "وقالت آن رافيل العضو السابق بلجنة الانتخابات إن الدعاية مستمرة.")[1] == (
        "آن رافيل العضو السابق بلجنة الانتخابات")


def test_min_janibihi_hands_a_colon_quote_back_to_the_narrator(annotate):
    text = "وقال المدرب بعد اللقاء: الأداء كان جيدا. لم نستغل الفرص. ومن جانبه، قال القائد: الفوز قريب."
    assert texts(annotate(text)) == ["الأداء كان جيدا. لم نستغل الفرص", "الفوز قريب"]


def test_a_participle_form_after_a_preposition_is_a_noun(annotate):
    # ناقلة (a tanker) reads like the participle of نقل; after على it is a noun and the verb before reports
    text = 'وصف السفير الهجوم على ناقلة النفط بأنه "عمل إرهابي مدان".'
    assert only_quote(annotate, text) == ("عمل إرهابي مدان", "السفير")


# --- cues and constructions the first rules missed (issue 23) ------------------------------------------

@pytest.mark.parametrize("text, quote, speaker", [
    ("ونبّه الوزير إلى أن المخزون لن يكفي لأكثر من شهر.", "المخزون لن يكفي لأكثر من شهر", "الوزير"),
    ("وحثّ رئيس البلدية السكان على أن يقتصدوا في استهلاك المياه.", "يقتصدوا في استهلاك المياه", "رئيس البلدية"),
    ("وقدّر الخبير أن الخسائر تتجاوز مليون دولار.", "الخسائر تتجاوز مليون دولار", "الخبير"),
    ("وحذّر الطبيب من أن الموجة الثانية ستكون أشد.", "الموجة الثانية ستكون أشد", "الطبيب"),
    ("وينص الاتفاق على أن تنسحب القوات خلال شهر.", "تنسحب القوات خلال شهر", "الاتفاق"),
    ("وغادر اللاعب الملعب غاضبا، عازياً ذلك إلى أن الحكم ظلم فريقه.", "الحكم ظلم فريقه", "اللاعب"),
    ("ورفض النائب المشروع، معتبراً أنه يضر بالفقراء.", "يضر بالفقراء", "النائب"),
    ("وطالب الحزب الحكومة بأن تستقيل فورا.", "تستقيل فورا", "الحزب"),
    ("وكرر الرئيس تأكيده أن الانتخابات ستجري في موعدها.", "الانتخابات ستجري في موعدها", "الرئيس"),
    ('وردد المتظاهرون هتافات "الشعب يريد الإصلاح" أمام البرلمان.', "الشعب يريد الإصلاح", "المتظاهرون"),
    ("وقال المدرب ″سنقاتل حتى النهاية″ قبل المباراة.", "سنقاتل حتى النهاية", "المدرب"),
])
def test_more_cues_marks_and_objects(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_a_sentence_opening_with_wa_anna_goes_on_with_the_report(annotate):
    text = "وقال الوزير إن الحكومة ستدعم المزارعين. وأنه سيزور المناطق المتضررة غدا."
    doc = annotate(text)
    assert [(q.text_in(text), speaker_of(doc, q)) for q in quotes(doc)] == [
        ("الحكومة ستدعم المزارعين", "الوزير"), ("سيزور المناطق المتضررة غدا", "الوزير")]
    assert texts(annotate("وقال الوزير إن الحكومة ستدعم المزارعين. وأن الأمطار هطلت بغزارة أمس.")) == [
        "الحكومة ستدعم المزارعين", "الأمطار هطلت بغزارة أمس"]


def test_a_damma_on_the_first_letter_makes_the_verb_passive(annotate):
    doc = annotate("وأُعلن أن المطار سيغلق يومين للصيانة.")
    [quote] = quotes(doc)
    assert (texts(doc), speaker_of(doc, quote)) == (["المطار سيغلق يومين للصيانة"], None)
    assert only_quote(annotate, "وأعلن الوزير أن المطار سيغلق يومين.") == ("المطار سيغلق يومين", "الوزير")
    assert texts(annotate("ويُعتقد أن السفينة غرقت قرب الميناء.")) == []


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقالت منظمة الصحة في توقعاتها السنوية إن الإصابات ستتراجع.", "الإصابات ستتراجع", "منظمة الصحة"),
    ("وأكد الأمين العام في تقديمه التقرير أن الحلف لا يريد حربا.", "الحلف لا يريد حربا", "الأمين العام"),
    ("وقال المحققون في تحليلهم للوثائق إنهم لم يجدوا دليلا.", "لم يجدوا دليلا", "المحققون"),
    ("وقالت النقابة الشهر الماضي إنها سترفع دعوى.", "سترفع دعوى", "النقابة"),
    ("وقال المدرب عند سؤاله عن الإصابة إن اللاعب سيغيب أسبوعين.", "اللاعب سيغيب أسبوعين", "المدرب"),
    ("وقال السفير لدى وصوله إلى المطار إن الزيارة مهمة.", "الزيارة مهمة", "السفير"),
    ("وقال المدرب حول المباراة المقبلة إن الفوز ضروري.", "الفوز ضروري", "المدرب"),
    ("وقالت دراسة جديدة بشأن الإصابات إن الأطفال أكثر عرضة للخطر.", "الأطفال أكثر عرضة للخطر", "دراسة جديدة"),
    ("وقال المندوب الروسي لدى الأمم المتحدة إن القرار منحاز.", "القرار منحاز", "المندوب الروسي لدى الأمم المتحدة"),
    ("وقال أستاذ الاقتصاد في جامعة القاهرة إن التضخم سيتراجع.", "التضخم سيتراجع", "أستاذ الاقتصاد في جامعة القاهرة"),
])
def test_when_and_where_the_source_spoke_ends_its_phrase(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_the_stance_a_verb_shows_is_no_source(annotate):
    text = 'وقالت المتحدثة إن الرسوم مؤسفة. وأبدت أسفها لأن الحكومة عاملت الصحفي بشكل "ظالم جدا".'
    assert last_quote(annotate, text) == ("ظالم جدا", "المتحدثة")
    assert only_quote(annotate, "وأبدى الوزير استعداده للحوار، مؤكدا أن الباب مفتوح.") == ("الباب مفتوح", "الوزير")
    text = 'وقال رئيس الحزب إن الانتخابات مزورة. وأكد رفضه للنتائج ووصفها بأنها "مهزلة".'
    assert last_quote(annotate, text) == ("مهزلة", "رئيس الحزب")
    assert last_quote(annotate, "وكانت إيران أكدت عزمها على استئناف التخصيب، مضيفة أن الاتفاق انتهى.") == (
        "الاتفاق انتهى", "إيران")


@pytest.mark.parametrize("text, quote, speaker", [
    ('ولخص الخبير الاقتصادي، سامي نور، حال السوق بالقول "الوضع جيد لكنه لن يدوم".', "الوضع جيد لكنه لن يدوم",
     "الخبير الاقتصادي"),
    ("ورفض المدرب الحديث عن مستقبله، واكتفى بالقول إنه سيقرر بعد المباراة.", "سيقرر بعد المباراة", "المدرب"),
    # the verb before بالقول stays the cue
    ("لكن النائب رد عبر تويتر بالقول إنها أكاذيب لا أساس لها.", "أكاذيب لا أساس لها", "النائب"),
    ("وعلق البيت الأبيض على موجة الهلع بالقول إن الاقتصاد قوي.", "الاقتصاد قوي", "البيت الأبيض"),
])
def test_bil_qawl_reports_for_the_subject_of_its_sentence(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_a_negated_opening_verb_is_no_part_of_the_subject(annotate):
    text = 'ولم تقدم الشرطة رقما محددا، واكتفت بالقول إنهم "العشرات".'
    assert last_quote(annotate, text) == ("العشرات", "الشرطة")
    text = "وأدانت الخوذ البيضاء القصف، قائلة إنه استهدف مستشفى."
    assert last_quote(annotate, text) == ("استهدف مستشفى", "الخوذ البيضاء")


@pytest.mark.parametrize("text, quote, speaker", [
    ("لكن مسؤولا سعوديا بارزا قال لرويترز إن التسوية تتضمن اعترافا بالذنب.", "التسوية تتضمن اعترافا بالذنب",
     "مسؤولا سعوديا بارزا"),  # spoken to, not the source
    ("كشفت الشرطة عما وصفته بأنه شبكة لتهريب الآثار.", "شبكة لتهريب الآثار", "الشرطة"),
])
def test_who_was_spoken_to_and_what_was_described_are_no_source(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text", [
    'أعلنت وزارة الآثار اكتشاف مقبرة لكاهنة تدعى "حتبت".',
    'أعلنت الشرطة القبض على عصابة تسمى "الذئاب الرمادية".',
    'أعلن الفريق العثور على نقوش داخل مقبرة "خنوم حتب الثاني".',
    'وكشفت وزارة الدفاع أو ما يعرف بـ"البنتاغون" عن خطة جديدة.',
    'وأشاد اللاعب السابق رونالدو الملقب بـ"الظاهرة" بقرار النادي.',
    # after ما يسمى, ما بات يعرف, a longer term too; المسمى/المسماة name like يسمى
    'وتتعارض الرسوم مع ما يسمى "نظام التجارة الدولية القائم على القواعد" حيث تحل النزاعات.',
    'وأعلنت الحكومة إنشاء ما بات يعرف "مركز سيادة القانون ومحاربة الفساد" في العاصمة.',
    'وتواصل الحرائق المسماة بـ"ميندوسينو كومبلكس" تهديد آلاف المنازل.',
])
def test_a_name_after_a_verb_of_calling_is_no_quote(annotate, text):
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text, quote, speaker", [
    ("وأبلغ المدرب الصحفيين أن الفريق جاهز.", "الفريق جاهز", "المدرب"),
    ("وأبلغ الصحفيين أن الفريق جاهز.", "الفريق جاهز", None),  # the speaker unstated
    ("وأبلغ بعض المستخدمين عن أن التطبيق يتوقف فجأة.", "التطبيق يتوقف فجأة", "بعض المستخدمين"),
    # an outlet told: after a name or a definite word it is the audience; a title may govern one
    ('وأبلغ المدرب البرتغالي قناة "روسيا اليوم" أن المنتخب يستحق اللقب.', "المنتخب يستحق اللقب",
     "المدرب البرتغالي"),
    ("وأبلغ فييرا موقع النادي على الإنترنت أن العقد سيجدد.", "العقد سيجدد", "فييرا"),
    ("وأبلغ رئيس وكالة الفضاء الصحفيين أن الإطلاق سيتم الشهر المقبل.", "الإطلاق سيتم الشهر المقبل",
     "رئيس وكالة الفضاء"),
])
def test_the_ones_told_are_no_part_of_the_speaker(annotate, text, quote, speaker):
    assert only_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, expected", [
    ("يعتبر مطار المدينة الدولي أكثر المطارات ازدحاما في البلاد، كما أنه يعد الوجهة الأولى للسياح.", []),
    ("وتعتبر الأرجنتين أكبر مصدر لزيت الصويا في العالم، كما أنها منتج كبير للذرة.", []),
    ("ويعتبر الممثل أحد أهم الأسماء في المسرح العربي، فيما تقول الصحف إنه سيعتزل العام المقبل.",
     [("سيعتزل العام المقبل", "الصحف")]),
    ('ووقعت الدولتان اتفاقا للتبادل الحر يعتبر بمثابة "رسالة قوية" ضد الحمائية.', []),
])
def test_is_considered_with_a_ranking_reports_nothing(annotate, text, expected):
    """يُعتبر/يُعدّ before a ranking (an elative, أحد, أول) or بمثابة is the narrator's "is considered": no
    speaker there, and a later أن (كما أنه) is no complement of it."""
    doc = annotate(text)
    assert [(q.text_in(doc.text), speaker_of(doc, q)) for q in quotes(doc)] == expected


def test_a_belief_before_its_complement_still_reports(annotate):
    assert only_quote(annotate, "ويعتبر الخبراء أن الصين أكبر مستفيد من الأزمة.") == (
        "الصين أكبر مستفيد من الأزمة", "الخبراء")


def test_the_narrators_frame_is_no_source(annotate):
    text = ('وقال الوزير إن الحسابات المخالفة ستغلق. جاء ذلك في تصريحات نقلتها صحيفة "الأيام"، أمس، قال فيها: '
            '"نرصد هذه الحسابات بدقة".')
    assert last_quote(annotate, text) == ("نرصد هذه الحسابات بدقة", "الوزير")


@pytest.mark.parametrize("text, quote, speaker", [
    ("وقالت والدة اللاعب إن ابنها سيعود إلى الملعب قريبا.", "ابنها سيعود إلى الملعب قريبا", "والدة اللاعب"),
    ("وقالت والدولة إن الحدود ستفتح غدا.", "الحدود ستفتح غدا", "الدولة"),  # و + الدولة
    ("وقال والاس إن موسكو مسؤولة عن الهجوم.", "موسكو مسؤولة عن الهجوم", "والاس"),  # Wallace, not و + الاس
    ("وقال سمولينغ لوسائل إعلام بريطانية إن الفريق سينافس على اللقب.", "الفريق سينافس على اللقب", "سمولينغ"),
    ("فإن الصورة قد أغضبت متابعي النجم، الذين رأوا أن هناك طرقا أفضل للحزن.", "هناك طرقا أفضل للحزن",
     "متابعي النجم"),
])
def test_speaker_phrases_start_and_end_on_words_of_the_source(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_the_language_spoken_is_no_speaker(annotate):
    doc = annotate('وكتب نيمار تغريدة قال فيها بالبرتغالية: "يجب أن نبقى إيجابيين دائما".')
    [quote] = quotes(doc)
    assert "بالبرتغالية" not in (speaker_of(doc, quote) or "")


@pytest.mark.parametrize("text, quote, speaker", [
    ('تشهد المنطقة "مرحلة انتقالية صعبة"، على حد تعبير المحلل السياسي خالد سعيد.', "مرحلة انتقالية صعبة",
     "المحلل السياسي خالد سعيد"),
    ('وكانت المحكمة "منحازة بشكل واضح"، بحسب قول محامي المتهم.', "منحازة بشكل واضح", "محامي المتهم"),
    ('وقال الوزير إن الاتفاق مهم. ويمر البلد بمرحلة "دقيقة وحساسة للغاية"، حسب تعبيره.', "دقيقة وحساسة للغاية",
     "الوزير"),  # تعبيره: the source spoken of
])
def test_in_the_words_of_names_the_source_of_the_marks_before(annotate, text, quote, speaker):
    assert last_quote(annotate, text) == (quote, speaker)


def test_a_relaying_medium_in_marks_is_no_quote(annotate):
    doc = annotate('ونقلت "رويترز" عن المدرب قوله إن الفريق جاهز للمباراة.')
    assert [(q.text_in(doc.text), speaker_of(doc, q)) for q in quotes(doc)] == [("الفريق جاهز للمباراة", "المدرب")]
    doc = annotate('ونقلت "فرانس برس" عن المدرب "نحن جاهزون للمباراة".')
    assert [(q.text_in(doc.text), speaker_of(doc, q)) for q in quotes(doc)] == [("نحن جاهزون للمباراة", "المدرب")]


def test_the_colon_of_a_time_opens_no_quote(annotate):
    assert texts(annotate("واختتمت الجلسة عند الساعة 11:00 بتوقيت غرينتش، وحددت جلسة أخرى الأربعاء.")) == []
    text = 'وقال الرئيس في خطاب في الساعة 21:00 بالتوقيت المحلي "حشدنا قوة عسكرية كبيرة".'
    assert only_quote(annotate, text) == ("حشدنا قوة عسكرية كبيرة", "الرئيس")


def test_if_god_wills_is_no_complement(annotate):
    assert texts(annotate("وسنصل قريبا إن شاء الله إلى النهائي.")) == []


@pytest.mark.parametrize("text, quote, speaker", [
    ('وذكرت "سكاي نيوز"، الأحد، أن سيارة ذاتية القيادة اصطدمت بشاحنة.', "سيارة ذاتية القيادة اصطدمت بشاحنة",
     "سكاي نيوز"),
    ('وقال الوزير في مقابلة مع "سكاي نيوز عربية"، الاثنين، إن العمل الإنساني مستمر.', "العمل الإنساني مستمر", "الوزير"),
])
def test_a_day_between_commas_after_a_name_in_marks_keeps_the_report(annotate, text, quote, speaker):
    assert only_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ('وقال المدير، سامي خليل، في مقابلة مع صحيفة "النهار" اللبنانية، إن المصنع سيفتح أبوابه قريبا.',
     "المصنع سيفتح أبوابه قريبا", "المدير"),
    ('وأفادت "قناة الجنوب"، الخميس، بأن الطريق الساحلي أغلق بسبب الفيضانات.', "الطريق الساحلي أغلق بسبب الفيضانات",
     "قناة الجنوب"),
    ('وأوضح المدرب، في حوار مع موقع "الملعب" المغربي، أنه راض عن أداء اللاعبين الشباب.',
     "راض عن أداء اللاعبين الشباب", "المدرب"),
])
def test_a_name_in_marks_with_its_adjective_before_a_comma_keeps_the_report(annotate, text, quote, speaker):
    assert only_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ('وعزا الوزير الارتفاع إلى "زيادة الطلب العالمي على النفط الخام".', "زيادة الطلب العالمي على النفط الخام",
     "الوزير"),  # what is attributed comes between the subject and إلى
    ("وقال رئيس الاتحاد عادل عزت إن المنتخب سيشارك في البطولة.", "المنتخب سيشارك في البطولة",
     "رئيس الاتحاد عادل عزت"),  # عزت, a given name here, is no verb of attributing
    ('وعزت الشركة اختيارها إلى "مزايا الجهاز الجديد".', "مزايا الجهاز الجديد", "الشركة"),
])
def test_what_a_source_attributes_is_no_part_of_it(annotate, text, quote, speaker):
    assert only_quote(annotate, text) == (quote, speaker)


@pytest.mark.parametrize("text, quote, speaker", [
    ('كشف موقع "الملعب" المغربي أن المدرب سيرحل في الصيف.', "المدرب سيرحل في الصيف", 'موقع "الملعب" المغربي'),
    ('كشف اللاعب، في مقابلة مع "العربية" بأن الإصابة ستبعده شهرا.', "الإصابة ستبعده شهرا", "اللاعب"),
])
def test_a_name_in_marks_before_the_complement_keeps_an_ambiguous_verb_a_cue(annotate, text, quote, speaker):
    """كشف without و counts only when its complement follows; a name in marks on the way does not stop it."""
    assert only_quote(annotate, text) == (quote, speaker)


def test_via_and_between_with_a_name_in_marks_report_nothing(annotate):
    text = 'وفي البرنامج الذي يعرض عبر شاشة "الأولى"، اختارت المغنية أن تغني لوالدتها.'
    assert texts(annotate(text)) == []


def test_being_called_and_the_platform_of_an_account_report_nothing(annotate):
    """يُدعى with its final ى is "is called", not ادعى's present; the one it names is part of the source. A short
    name in marks after an account's على is the platform, not what was said."""
    text = "وقال شاهد عيان يدعى سامي الحلبي إن الانفجار وقع قرب السوق."
    assert only_quote(annotate, text) == ("الانفجار وقع قرب السوق", "شاهد عيان يدعى سامي الحلبي")
    text = 'ونشر النادي الصورة عبر حسابه الرسمي على "انستغرام" مساء أمس.'
    assert texts(annotate(text)) == []
    text = "ويدعي المتهم أنه كان خارج المدينة ليلة الحادث."  # ادعى, with ي: still a claim
    assert only_quote(annotate, text) == ("كان خارج المدينة ليلة الحادث", "المتهم")


def test_a_verb_of_going_on_before_the_verb_of_saying_is_no_speaker(annotate):
    doc = annotate('وقال الوزير إن الحكومة مستمرة. ومضى يقول: "لن نتراجع عن الإصلاحات".')
    assert [speaker_of(doc, q) for q in quotes(doc)] == ["الوزير", "الوزير"]


def test_an_organisations_name_in_marks_is_no_quote_but_its_label_is(annotate):
    text = 'وتوعد الرئيس متمردي "حزب العمال الكردستاني" بعمليات جديدة، مؤكدا أن الجيش مستعد.'
    assert "حزب العمال الكردستاني" not in texts(annotate(text))
    text = 'وتعتبر أنقرة الوحدات الكردية "منظمة إرهابية" تهدد أمنها.'
    assert texts(annotate(text)) == ["منظمة إرهابية"]


@pytest.mark.parametrize("text, speaker", [
    ("وقال فالفيردي إن الفريق لعب بشكل جيد.", "فالفيردي"),  # a name, not ف + الفيردي
    ("اعتبرت فالنتينا ماتفيينكو أن القرار خاطئ.", "فالنتينا ماتفيينكو"),
])
def test_names_that_open_with_fal_keep_their_first_letter(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


def test_the_medium_of_sources_in_marks_is_no_quote(annotate):
    text = 'أفادت مصادر "سكاي نيوز عربية"، بأن المحادثات تأجلت إلى الأسبوع المقبل.'
    assert only_quote(annotate, text) == ("المحادثات تأجلت إلى الأسبوع المقبل", 'مصادر "سكاي نيوز عربية"')
    assert texts(annotate('وقال أحد المصادر "لقد حصل الاتفاق".')) == ["لقد حصل الاتفاق"]


def test_marks_after_a_plural_naming_noun_hold_names(annotate):
    text = 'وأكد المجلس تفهمه للأسباب التي دعت إلى منع قنوات "بي إن سبورتس" في البلاد.'
    assert "بي إن سبورتس" not in texts(annotate(text))


@pytest.mark.parametrize("text", [
    "وأظهرت صور التقطتها الأقمار الصناعية أن الجسر يعاني من تشققات واسعة.",
    "وكشفت الفحوصات أن الإصابة في الفخذ الأيمن ليست خطيرة.",
])
def test_what_pictures_and_tests_show_is_the_narrators_reading(annotate, text):
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text", [
    "لم تظهر الحكومة أي إشارات على التراجع عن قرارها، بل إنها رفعت الأسعار مرة أخرى.",
    "يلفت هذا المهرجان أنظار الزوار كل عام، بل إن شهرته تجاوزت حدود المدينة.",
])
def test_bal_inna_opens_the_narrators_own_claim_not_a_quote(annotate, text):
    assert texts(annotate(text)) == []


def test_not_that_but_that_keeps_the_urged_complement(annotate):
    doc = annotate("وحثت الوزيرة الطلاب على ألا يتركوا الدراسة، بل أن يكملوا تعليمهم الجامعي.")
    assert texts(doc)[-1].endswith("يكملوا تعليمهم الجامعي")


def test_bal_inna_inside_a_quote_goes_on_with_it(annotate):
    doc = annotate("وقال الوزير إن الوضع مستقر، بل إنه تحسن كثيرا خلال الأسبوع الماضي.")
    assert texts(doc) == ["الوضع مستقر، بل إنه تحسن كثيرا خلال الأسبوع الماضي"]


@pytest.mark.parametrize("text", [
    "ومن المنتظر أن تجري مكالمة هاتفية بين مسؤولين من البلدين الجارين، على أن تكون أول مكالمة بين الزعيمين الأسبوع المقبل.",
    "وتجمع المباراة سنويا بين بطلي الدوري والكأس، وبما أن النادي حقق الثنائية فسيواجه وصيفه.",
    "ويقبل الطلاب على التسجيل عبر موقع الجامعة الإلكتروني، على أن يغلق باب التسجيل نهاية الأسبوع.",
])
def test_between_and_via_before_a_comma_report_nothing(annotate, text):
    assert texts(annotate(text)) == []


@pytest.mark.parametrize("text, speaker", [
    ("لكن الرئيس عبر، يوم الجمعة، عن اعتقاده بأن اتفاق السلام الجديد لن ينهار.", "الرئيس"),
    ("عبر المدرب سامي الجابري، مدرب النادي الأهلي، عن شعوره بأن الفريق يستحق الفوز.", "المدرب سامي الجابري"),
    ("وكان وزير الدفاع، عمر القاسم، بين في تصريحات له، الخميس، أن الضربة دمرت أغلب المخازن.", "وزير الدفاع"),
    ("من جانبه بيّن سليم حداد، عامل بناء شهد الحادثة، بأن منظر الرافعات كان مخيفا.", "سليم حداد"),
])
def test_the_verbs_bayyana_and_abbara_still_report_past_a_comma(annotate, text, speaker):
    doc = annotate(text)
    assert len(quotes(doc)) == 1 and speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ('وقال النائب سامر العلي، خلال مقابلته ببرنامج "Face the Nation" عبر قناة سي بي إس، الأحد، إن الحكومة لن تستقيل.',
     "النائب سامر العلي"),
    ('وقال شادي يوسف، في حديث مع برنامج "صباح الخير" على قناة "الأولى" أمس، إن المهرجان سيقام في موعده.',
     "شادي يوسف"),
])
def test_a_name_in_marks_past_the_speakers_comma_does_not_hide_the_complement(annotate, text, speaker):
    doc = annotate(text)
    assert len(quotes(doc)) == 1 and speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text", [
    'وأفادت "رويترز" بنزول أسعار الذهب في العقود الآجلة.',
    'وعلقت "فيسبوك" نشاط شركة لتحليل البيانات.',
    'وطلب النائب ردا من "فيسبوك" على أسئلته قبل نهاية الشهر.',
])
def test_a_listed_name_in_marks_is_no_quote(annotate, text):
    assert texts(annotate(text)) == []


def test_a_listed_name_in_marks_still_names_the_source(annotate):
    doc = annotate('وذكرت "سكاي نيوز عربية" أن القوات تقدمت نحو المطار.')
    assert texts(doc) == ["القوات تقدمت نحو المطار"] and speaker_of(doc, quotes(doc)[0]) == "سكاي نيوز عربية"


@pytest.mark.parametrize("text, speaker", [
    ("ونفت الحكومة الكولومبية أي تورط في الحادث، قائلة إن الاتهامات لا أساس لها.", "الحكومة الكولومبية"),
    ("ونفى الكرملين أي ضلوع له في الحادث، وقال إن الحملة الإعلامية مستمرة.", "الكرملين"),
    ("ولم يعلق أي مسؤول على التقرير، لكن أي مسؤول قال إن القرار نهائي.", "أي مسؤول"),
    ("وقال مدير مكتب التحقيقات الاتحادي (إف.بي.آي) إن التحقيق مستمر.", "مدير مكتب التحقيقات الاتحادي (إف.بي.آي)"),
])
def test_any_after_the_subject_opens_the_verbs_object(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[-1]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقال الوزير مازحا إن الفريق يحتاج إلى معجزة.", "الوزير"),
    ("وقالت المدربة ضاحكة إن اللاعبات أتعبنها هذا الموسم.", "المدربة"),
    ("وقالت متحدثة باسم الوزارة إن الاجتماع تأجل.", "متحدثة باسم الوزارة"),
])
def test_how_the_source_spoke_is_no_part_of_the_source(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقال مصدر مطلع لرويترز إن المفاوضات ستستأنف الأسبوع المقبل.", "مصدر مطلع"),
    ("وقال النائب لفرانس برس إن التمديد يكشف ضعف الحكومة.", "النائب"),
    ("وقال اللاعب للجزيرة إن الفريق جاهز للمباراة.", "اللاعب"),
    ("وقال مدرب الفريق لسكاي نيوز عربية إن الإصابة ليست خطيرة.", "مدرب الفريق"),
    ("وقال مراسل لرويترز إن القصف استمر طوال الليل.", "مراسل لرويترز"),
    ("وأفاد استطلاع لرويترز أن الاقتصاد سينمو العام المقبل.", "استطلاع لرويترز"),
    ("وقال الرئيس التنفيذي لعرب سات إن المؤسسة ملتزمة بحماية الحقوق.", "الرئيس التنفيذي لعرب سات"),
    ("وقال رئيس تحرير لوموند إن الصحيفة مستقلة.", "رئيس تحرير لوموند"),
])
def test_the_outlet_spoken_to_is_no_part_of_the_source(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وكشف المدير العام الماضي أن الشركة تكبدت خسائر كبيرة.", "المدير"),
    ("وقال المدعي العام إن التحقيق مستمر.", "المدعي العام"),
    ("وذكرت الصحيفة في يناير الماضي أن البنك المركزي رفع الفائدة.", "الصحيفة"),
    ("وقال الوزير عام 2016 إن الاتفاق لن يصمد.", "الوزير"),
    ("وأعلن الجيش في أوائل مايو أنه سينشر منظومة دفاع جديدة.", "الجيش"),
    ("وأكد الاتحاد في 30 أيار أن اللاعب سيغيب ثلاثة أسابيع.", "الاتحاد"),
    ("وقال المسؤول في 10 داونينغ ستريت إن الحكومة لن تستقيل.", "المسؤول في 10 داونينغ ستريت"),
    ("وقال زعيم الحركة لويجي دي مايو إن الحكومة باقية.", "زعيم الحركة لويجي دي مايو"),
    ("وقال رئيس اللجنة المنظمة لكأس العام 2018 إن البطولة نجحت.", "رئيس اللجنة المنظمة لكأس العام 2018"),
])
def test_when_the_source_spoke_is_no_part_of_the_source(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وانتقدت منظمة حقوقية الخميس الماضي، ما قالت إنه تعطيل متعمد للقانون.", "منظمة حقوقية"),
    ("وأسقطت إسرائيل في فبراير الماضي ما قالت إنها طائرة مسيرة إيرانية.", "إسرائيل"),
    ("وشنت الطائرات غارات عدة على أهداف في المدينة لتوقف ما تقول إنه شحنات أسلحة.", "الطائرات"),
    ("وإذا ما تبين أن الإصابة خطيرة، فإن اللاعب سيغيب عن المباراة.", None),
    ("لكن سرعان ما تبين أن الطلاب في المدارس الأخرى لم يشاركوا.", None),
])
def test_ma_before_a_verb_ends_no_source(annotate, text, speaker):
    """ما before a verb is its object (ما قالت إنه) or part of an adverb (سرعان ما، إذا ما): the source, when there
    is one, is the sentence's subject, never the words up to ما."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقالت #وزارة_الخزانة إن العقوبات ستعود في نوفمبر.", "وزارة_الخزانة"),
    ("أعلنت #الشرطة_البريطانية مساء السبت أنها أوقفت ثلاثة رجال.", "الشرطة_البريطانية"),
    ("وقال #ترمب في تغريدة: \"ضربة منفذة بإحكام\".", "ترمب"),
])
def test_a_hashtag_names_the_source_without_its_mark(annotate, text, speaker):
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وكان الرئيس اتهم الحكومة بممارسات \"غير نزيهة\" أضرت بالاقتصاد.", "الرئيس"),
    ("وكانت الوزارة أبلغت السفير أن الاتفاق سيوقع الشهر المقبل.", "الوزارة"),
    ("وكانت وكالة الأنباء نقلت عن وزير الصناعة قوله إن العقوبات لن تؤثر.", "وزير الصناعة"),
    ("وردا على سؤال عما إذا كانت الحكومة مستعدة للحوار قال الوزير إن الباب مفتوح.", "الوزير"),
    ("وكان آخر تصعيد بين البلدين عندما قال الزعيم إن لديه زرا نوويا.", "الزعيم"),
])
def test_the_subject_between_kana_and_the_verb(annotate, text, speaker):
    """وكان X اتهم Y: X is the subject and what follows the verb its object; not when كان opens a clause of its
    own, and not for a relayed source."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


def test_a_pronoun_subject_leaves_the_object_to_the_verb(annotate):
    """ولكنه نفى ارتكاب أي خطأ: the verb's subject is the pronoun of لكن, an earlier speaker; ارتكاب is its object."""
    doc = annotate("وقال اللاعب إن الانتقادات ظالمة. ولكنه نفى ارتكاب أي خطأ، قائلا إن \"الحكم ظلمنا\".")
    assert [speaker_of(doc, quote) for quote in quotes(doc)] == ["اللاعب", "اللاعب"]


@pytest.mark.parametrize("text, speaker", [
    ("وقال أحد أنصاره لفرانس24 \"هو يضحي ويعمل بجد\".", "أحد أنصاره"),
    ("وقالت لنا لمياء، وهي من منطقة ريفية، إن العودة مستحيلة.", "لمياء"),
    ("وقالت ألينا بولياكوفا من معهد بروكينغز إن القمة لم تحقق شيئا.", "ألينا بولياكوفا"),
    ("في مباراة أقر بعدها رونالدو بأنه كان من مشجعي الفريق.", "رونالدو"),
    ("وأكد بدوره الوزير أن الاتفاق سيوقع الشهر المقبل.", "الوزير"),
    ("ونفت موسكو بشدة أن تكون أرادت قرصنة المنظمة.", "موسكو"),
    ("لكن الباحث انتقد أيضا التعامل الأمني مع الاحتجاجات، قائلا إن \"القمع لا يحل شيئا\".", "الباحث"),
])
def test_words_around_the_source_are_no_part_of_it(annotate, text, speaker):
    """The one spoken to (لفرانس24، لنا), an adverb before the subject (بعدها، بدوره) or after it (بشدة): the source
    is the name between them; أيضا after a subject-first verb leaves the object alone."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speakers", [
    # a preposition of time or place with its pronoun after the verb says when or where, not who
    ('وتحدث ماكرون في بوخارست العام الماضي وقال خلالها إن فرنسا "ليست دولة قابلة للإصلاح".', ["ماكرون"]),
    ('وعلق صلاح على الصورة وكتب فوقها "أرقد بسلام يا صديقي".', ["صلاح"]),
    ('بيد أن ترامب نفى بعدها أن "تتبع الولايات المتحدة النموذج الليبي".', ["ترامب"]),
    # an adverb after the subject is no part of it, nor is how the source spoke
    ('وتحدث التقرير خصوصا عن "تقنيات لمراقبة الحشود".', ["التقرير"]),
    ('وقال كادلو متحدثا لشبكة "سي إن إن" إن "الرئيس غاضب".', ["كادلو"]),
    ('لكن متحدثا باسم التحالف قال إن "القصف مستمر".', ["متحدثا باسم التحالف"]),
    # وفيما يتعلق بـ …: the topic, not a subject; the verb's pronoun stands for the speaker before
    ('وقال رئيس الحكومة إن الفوضى كانت سائدة. وفيما يتعلق بالمحاكمة، قال: "الدولة كانت منهارة".',
     ["رئيس الحكومة", "رئيس الحكومة"]),
    # وفيما opens a clause: it is no speaker
    ("وفيما نوه بأن العمل جار على المشروع، أكد الوزير أن التمويل متوفر.", [None, "الوزير"]),
])
def test_words_that_say_when_where_or_about_what_are_no_speaker(annotate, text, speakers):
    doc = annotate(text)
    assert [speaker_of(doc, quote) for quote in quotes(doc)] == speakers


def test_by_saying_is_no_source(annotate):
    doc = annotate("وقال المدرب إن الفريق جاهز. وتابع بقوله: \"نرغب بالفوز دائما\".")
    assert [speaker_of(doc, quote) for quote in quotes(doc)] == ["المدرب", "المدرب"]


@pytest.mark.parametrize("text, speaker", [
    ("وحذرت المستشارة الألمانية أنغيلا ميركل أن الرسوم ستضر بالجميع.", "المستشارة الألمانية أنغيلا ميركل"),
    ("وأكد الشيخ عبدالله بن زايد، وزير الخارجية، أن الأزمة ستنتهي.", "الشيخ عبدالله بن زايد"),
    # a listed name's two definite words are one unit, not the subject and the start of the object
    ('وانتقد وزير شؤون الشرق الأوسط زميله، وقال إن "التعليقات مهينة".', "وزير شؤون الشرق الأوسط"),
    ('ودعت جماعة الإخوان المسلمين إلى إخراج البلاد مما وصفته بـ"النفق المظلم".', "جماعة الإخوان المسلمين"),
])
def test_a_listed_name_after_a_title_is_no_object(annotate, text, speaker):
    """A listed person's name after a title belongs to the subject, though it ends like an accusative (أنغيلا)
    or a possessive (عبدالله); so do the words of a listed name (الشرق الأوسط)."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقال اللاعب أحمد سالم الذي انضم إلى النادي قبل عامين \"أنا سعيد هنا\".", "اللاعب أحمد سالم"),
    ("وأكد موفاز الذي تولى وزارة الدفاع سابقا أن الخطة فشلت.", "موفاز"),
    ("وأكد الحكم الذي شارك في جميع البطولات العالمية أنه استعان بخبرات سابقة.",
     "الحكم الذي شارك في جميع البطولات العالمية"),
])
def test_a_clause_describing_a_named_source_is_no_part_of_it(annotate, text, speaker):
    """After a name, الذي/التي opens a description of the source; after a common noun it says which one is meant
    (the guidelines' الحكم الذي شارك …)."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وأشارت \"إل كونفيدنشال\" إلى اعتقال خمسة لاعبين في فرق الدرجة الثالثة.", None),
    ("وأشارت \"ماركا\" إلى أن ريال مدريد غاضب من بعض اللاعبين.", "ماركا"),
    ("وأعرب \"نيي\" عن إعجابه بما يقدمه اللاعب قائلا: \"إنه الأفضل\".", "نيي"),
    ("ونصت \"استراتيجية العزم\" على إنشاء مجلس مشترك لتنسيق المواقف.", None),
    ("وشددت \"موانئ دبي\" على أن \"التحكيم لا يزال قائما\".", "موانئ دبي"),
])
def test_a_name_in_marks_before_the_verbs_own_preposition_is_its_subject(annotate, text, speaker):
    """أشار إلى، أعرب عن: a short passage in marks between the verb and its preposition is the subject, not a
    quote."""
    doc = annotate(text)
    if speaker is None:
        assert texts(doc) == []
    else:
        assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("واتهم الرئيس الفرنسي روسيا بالتواطؤ، قائلا إن \"موسكو تحمي النظام\".", "الرئيس الفرنسي"),
    ("واتهمت إدارة الموقع السلطات باستهدافه، مؤكدة أن \"الحجب سياسي\".", "إدارة الموقع"),
    ("وعلق تركي آل الشيخ، رئيس هيئة الرياضة، قائلا إن \"الدوري سيتطور\".", "تركي آل الشيخ"),
    ("واتهم العقيد الركن تركي المالكي الجماعة بأنها \"تستهدف المدنيين\".", "العقيد الركن تركي المالكي"),
])
def test_the_accused_is_no_part_of_the_accuser(annotate, text, speaker):
    """اتهم takes its object before its complement (اتهم X Y بـ); آل and الركن belong to the name before them."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("وقال سامر الخطيب (29 عاما) صديق العائلة لوكالة الأنباء إن الوضع مقلق.", "سامر الخطيب"),
    ("وقال الحارس (23 عاماً) للصحفيين: \"عقليتنا هي أهم شيء\".", "الحارس"),
    ("وقال مسؤول في وزارة الدفاع (البنتاغون) إن الهجوم فشل.", "مسؤول في وزارة الدفاع (البنتاغون)"),
    # after a name, the age as a description: the same
    ('وأضاف محرز البالغ 27 عاما: "في ذلك الوقت كنت أريد الرحيل".', "محرز"),
    ("وقالت فاطمة البالغة من العمر 30 عاما لوكالة الأنباء إن المخيم مكتظ.", "فاطمة"),
    # after a common noun it says which one is meant, and stays
    ("وقال الشاب البالغ من العمر 25 عاما إن العدد كبير.", "الشاب البالغ من العمر 25 عاما"),
])
def test_the_age_in_brackets_is_no_part_of_the_source(annotate, text, speaker):
    """The guidelines' gold leaves a bracketed age out of the speaker (فايد (46 عاما)); other brackets stay. So does
    the age after a name (محرز البالغ 27 عاما), but not after a common noun (الشاب البالغ من العمر 25 عاما)."""
    doc = annotate(text)
    assert speaker_of(doc, quotes(doc)[0]) == speaker

"""Narration that looks like a quote (issue 23): 30 sentences written for the project, none of which holds a
QUOTE under the annotation guidelines, and the quotes next to them that must stay."""

from __future__ import annotations

import pytest

from qawl.pipeline import Annotator

SPURIOUS = {
    "agentless expectation or belief": [
        "يُتوقع أن ترتفع أسعار القمح في الأسواق المحلية خلال الشهر المقبل.",
        "ويُعتقد أن السفينة غرقت قرب السواحل الشمالية قبل ثلاثة قرون.",
        "يُرجَّح أن يُفتتح الجسر الجديد أمام حركة السير في الربيع.",
        "ومن المتوقع أن يصل عدد الزوار إلى مليون زائر هذا العام.",
        "يُنتظر أن تنتهي أعمال الترميم في المتحف القديم قبل الصيف.",
        "ويُفترض أن تبدأ الدراسة في المدارس الحكومية مطلع أيلول.",
    ],
    "indicating verbs with data or information as subject": [
        "وتشير البيانات إلى أن صادرات الزيتون تضاعفت خلال خمس سنوات.",
        "تُظهر الأرقام الرسمية أن نسبة البطالة تراجعت في المدن الساحلية.",
        "وتفيد المعطيات المتوفرة بأن المخزون يكفي لستة أشهر.",
        "وتدل المؤشرات على أن الطلب على الشقق الصغيرة في ازدياد.",
        "وأظهرت نتائج المسح أن معظم الأسر تملك سيارة واحدة على الأقل.",
        "وتكشف الإحصاءات أن عدد المسافرين عبر المطار تجاوز التوقعات.",
    ],
    "quoted names far from any speech verb": [
        'وفاز فريق "نجوم الساحل" بالبطولة بعد مباراة نهائية مثيرة في الملعب البلدي.',
        'ويُبث برنامج "آفاق المستقبل" كل خميس على الشاشة الوطنية منذ عامين.',
        'وأطلقت الوزارة منصة "دروسي الرقمية" لتلاميذ المرحلة الابتدائية في القرى.',
        'وشارك مئات الجنود في عملية "درع الوادي" التي استمرت أسبوعين.',
        'وتُعرض مسرحية "بيت الجدة" على خشبة المسرح الوطني حتى نهاية الشهر.',
        'ونشرت مجلة "أصداء الثقافة" عددا خاصا عن الشعر الأندلسي.',
        'وانطلقت حملة "شجرة لكل طالب" في المدارس الحكومية بمشاركة المعلمين.',
        'وحقق تطبيق "رحلتي السهلة" مئة ألف تحميل في أسبوعه الأول.',
    ],
    "related-article links and read-more lines": [
        "اقرأ أيضا: ارتفاع أسعار الذهب في الأسواق العالمية",
        "اقرأ المزيد: كيف تحمي أطفالك من أمراض الشتاء",
        "مواضيع ذات صلة: وزير الزراعة يفتتح معرض التمور السنوي",
        "شاهد أيضا: لحظة وصول المنتخب إلى المطار",
        'اقرأ أيضاً: "الحكومة تعد بخفض الضرائب على الشركات الصغيرة"',
        'للمزيد.. الوزيران يدعوان إلى "تعميق التعاون الاقتصادي بين البلدين"',
    ],
    "look-alike verbs that report nothing once folded": [
        "وذُكر اسم اللاعب بين المرشحين لجائزة أفضل هداف في الموسم.",
        "وأُعلن عن افتتاح فرع جديد للمكتبة العامة في الحي الشرقي.",
        "وقيل الكثير عن الفيلم قبل عرضه الأول في المهرجان.",
        "وأكدت الصور الملتقطة من الجو حجم الأضرار في المزارع.",
    ],
}

# Each: (sentence, the quote, its speaker): the filters above must leave these alone.
STILL_QUOTES = [
    ("ويتوقع الخبراء أن ترتفع أسعار القمح في الأسواق المحلية.", "ترتفع أسعار القمح في الأسواق المحلية", "الخبراء"),
    ("لكن المدرب يعتقد أن فريقه قادر على الفوز باللقب هذا الموسم.", "فريقه قادر على الفوز باللقب هذا الموسم",
     "المدرب"),
    ('وتشير بيانات "مرصد الأسعار" إلى أن كلفة السلة الغذائية ارتفعت بنسبة عشرة في المئة.',
     "كلفة السلة الغذائية ارتفعت بنسبة عشرة في المئة", None),
    ("وأشار وزير المالية إلى أن العجز سيتراجع في العام المقبل.", "العجز سيتراجع في العام المقبل", "وزير المالية"),
    ("وقال رئيس البلدية: سنفتح الحديقة العامة أمام الزوار في الصيف.",
     "سنفتح الحديقة العامة أمام الزوار في الصيف", "رئيس البلدية"),
]


@pytest.fixture(scope="module")
def annotator():
    return Annotator.load()


def test_thirty_sentences_of_narration_hold_no_quote(annotator):
    sentences = [(kind, s) for kind, group in SPURIOUS.items() for s in group]
    assert len(sentences) == 30
    found = {}
    for kind, sentence in sentences:
        quotes = [span.text_in(sentence) for span in annotator.annotate(sentence).spans if span.label == "QUOTE"]
        if quotes:
            found[sentence] = (kind, quotes)
    assert found == {}


@pytest.mark.parametrize("sentence, quote, speaker", STILL_QUOTES)
def test_quotes_next_to_those_constructions_stay(annotator, sentence, quote, speaker):
    doc = annotator.annotate(sentence)
    quotes = [span for span in doc.spans if span.label == "QUOTE"]
    assert [span.text_in(sentence) for span in quotes] == [quote]
    if speaker is not None:
        heads = [r.head.text_in(sentence) for r in doc.relations if r.tail is quotes[0]]
        assert heads == [speaker]

"""A project's quote corrections teach where its reported clauses end, and only when its own gold says so.

The sentences are written for these tests. The rule lets an indirect quote go on past ``، وذلك`` and
``، في حين``; this project's annotators end the quote at that comma (they read what follows as the
narrator's). A second project annotates as the rule does, and keeps the rule.
"""

from __future__ import annotations

import json

import pytest

from qawl.document import Document
from qawl.gold_doc import GoldDoc
from qawl.learning.build import BuildOptions, build_version
from qawl.learning.clause_end_choice import MIN_GAIN, choose_clause_ends
from qawl.learning.store import ModelStore
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.attribution.clause_end import CLAUSE_ENDS_FILE
from qawl.stages.quotes import load as load_quotes

# (text, the quote as this project ends it); the rule goes on to the sentence's end in each.
TAUGHT = [
    ("وقال وزير الصحة إن المستشفى الجديد سيفتح أبوابه في الربيع، وذلك بعد تأخير دام عامين.",
     "المستشفى الجديد سيفتح أبوابه في الربيع"),
    ("وأكد رئيس البلدية أن أعمال الصيانة ستنتهي قبل الشتاء، وذلك في إطار خطة لتحسين الطرق.",
     "أعمال الصيانة ستنتهي قبل الشتاء"),
    ("وأوضح المتحدث باسم الشركة أن المصنع سيوظف مئتي عامل، وذلك خلال السنوات الثلاث المقبلة.",
     "المصنع سيوظف مئتي عامل"),
    ("وذكرت الوزارة أن عدد الطلاب ارتفع هذا العام، وذلك بسبب افتتاح مدارس جديدة في الأرياف.",
     "عدد الطلاب ارتفع هذا العام"),
    ("وقال مدير الميناء إن حركة السفن عادت إلى طبيعتها، وذلك بعد أسبوع من الإضراب.",
     "حركة السفن عادت إلى طبيعتها"),
    ("وقال المدرب إن فريقه يستحق الفوز، في حين خسر الفريق المنافس مباراتيه السابقتين.",
     "فريقه يستحق الفوز"),
    ("وأكدت النقابة أن الإضراب سيستمر حتى تلبية المطالب، في حين رفضت الحكومة التفاوض.",
     "الإضراب سيستمر حتى تلبية المطالب"),
    ("وأوضح الباحث أن النتائج مشجعة للغاية، في حين بقيت عينة المرضى صغيرة جدا.",
     "النتائج مشجعة للغاية"),
    ("وذكر التقرير أن صادرات القمح تضاعفت، في حين تراجعت صادرات الشعير إلى النصف.",
     "صادرات القمح تضاعفت"),
    ("وقالت الشرطة إن الطريق أعيد فتحه صباحا، في حين بقي الجسر مغلقا أمام الشاحنات.",
     "الطريق أعيد فتحه صباحا"),
]
# New sentences of the same two kinds, never taught.
HELD_OUT = [
    ("وقال محافظ البنك إن التضخم سيتراجع في الصيف، وذلك بفضل استقرار أسعار الوقود.", "التضخم سيتراجع في الصيف"),
    ("وأكد رئيس النادي أن الملعب سيكون جاهزا للموسم، في حين شكك المهندسون في هذا الموعد.",
     "الملعب سيكون جاهزا للموسم"),
]


def gold_doc(text: str, quote: str, key: str) -> GoldDoc:
    start = text.index(quote)
    return GoldDoc(text, quotes=[(start, start + len(quote))], key=key)


def quote_of(stage, text: str) -> str:
    doc = Document(text)
    stage(doc)
    [quote] = [s for s in doc.spans if s.label == "QUOTE"]
    return text[quote.start:quote.end]


@pytest.fixture(scope="module")
def shipped_stage():
    return load_quotes(SHIPPED_MODEL_DIR, {})


def test_the_rule_goes_on_past_these_commas(shipped_stage):
    for text, quote in TAUGHT + HELD_OUT:
        assert quote_of(shipped_stage, text) == text[text.index(quote):-1]  # to the full stop


def test_a_project_that_ends_its_quotes_elsewhere_gets_a_learnt_model_that_ends_new_ones_its_way(shipped_stage):
    model, summary = choose_clause_ends(shipped_stage, [gold_doc(t, q, str(i)) for i, (t, q) in enumerate(TAUGHT)])
    assert model is not None and summary["kept"] == "learnt"
    assert summary["exact"]["learnt"] - summary["exact"]["base"] >= MIN_GAIN
    shipped_stage_with_model = type(shipped_stage)(shipped_stage.lex, model)
    for text, quote in HELD_OUT:
        assert quote_of(shipped_stage_with_model, text) == quote


def test_a_project_that_ends_its_quotes_as_the_rule_does_keeps_the_rule(shipped_stage):
    as_the_rule = [gold_doc(text, text[text.index(quote):-1], str(i)) for i, (text, quote) in enumerate(TAUGHT)]
    model, summary = choose_clause_ends(shipped_stage, as_the_rule)
    assert model is None and summary["kept"] == "base"
    assert summary["exact"]["base"] == len(TAUGHT)  # the rule already ends every one where the annotators did


def test_too_few_quoted_tasks_keep_the_rule(shipped_stage):
    model, summary = choose_clause_ends(shipped_stage, [gold_doc(t, q, str(i)) for i, (t, q) in enumerate(TAUGHT[:4])])
    assert model is None and "fewer than" in summary["reason"]


def test_a_version_built_from_such_corrections_ends_new_quotes_the_project_s_way_and_says_why(tmp_path):
    shipped = Annotator.load(SHIPPED_MODEL_DIR)
    docs = [gold_doc(t, q, str(i)) for i, (t, q) in enumerate(TAUGHT)]
    published = build_version(ModelStore(tmp_path), "7", docs, BuildOptions(entity_crf="off"), base=shipped)
    assert (published.path / CLAUSE_ENDS_FILE).is_file()
    assert not (SHIPPED_MODEL_DIR / CLAUSE_ENDS_FILE).exists()  # the shipped model still ends them by the rule
    version = Annotator.load(published.path)
    for text, quote in HELD_OUT:
        [found] = [s for s in version.annotate(text).spans if s.label == "QUOTE"]
        assert text[found.start:found.end] == quote
    training = json.loads((published.path / "model.json").read_text(encoding="utf-8"))["training"]
    assert training["clause_ends"]["kept"] == "learnt"
    assert "a model learnt from the project's quotes" in (published.path / "MODEL_CARD.md").read_text(encoding="utf-8")

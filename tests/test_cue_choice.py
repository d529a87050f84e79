"""A reporting cue whose quotes a project's annotators keep deleting is switched off in its versions.

The sentences are written for these tests. This project does not count the opinions after ``اعتبر`` as quotes
and deletes every one the model predicts; it keeps the quotes after ``قال``.
"""

from __future__ import annotations

import json

import pytest

from qawl.document import Document
from qawl.gold_doc import GoldDoc
from qawl.learning.build import BuildOptions, build_version
from qawl.learning.cue_choice import choose_cues
from qawl.learning.store import ModelStore
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.attribution.lexicon import CUES_OFF_FILE
from qawl.stages.quotes import load as load_quotes

OPINIONS = [  # (text, what the model takes as the quote)
    ("واعتبر المحلل الاقتصادي أن ارتفاع الأسعار سيستمر حتى نهاية العام.", "ارتفاع الأسعار سيستمر حتى نهاية العام"),
    ("واعتبرت الكاتبة أن الرواية الجديدة تعيد الاعتبار للأدب الشعبي.", "الرواية الجديدة تعيد الاعتبار للأدب الشعبي"),
    ("واعتبر المدرب السابق أن الفريق يحتاج إلى مهاجم صريح.", "الفريق يحتاج إلى مهاجم صريح"),
    ("واعتبر أستاذ القانون أن القرار يخالف الدستور.", "القرار يخالف الدستور"),
]
STATEMENTS = [
    ("وقال وزير النقل إن القطار السريع سيبدأ العمل في الخريف.", "القطار السريع سيبدأ العمل في الخريف"),
    ("وقالت مديرة المدرسة إن الامتحانات ستجرى في موعدها.", "الامتحانات ستجرى في موعدها"),
    ("وقال رئيس الاتحاد إن البطولة ستقام بمشاركة اثني عشر فريقا.", "البطولة ستقام بمشاركة اثني عشر فريقا"),
]
NEW_OPINION = "واعتبر الخبير الزراعي أن موسم الحصاد سيكون وفيرا هذا العام."
NEW_STATEMENT = "وقال المتحدث باسم البلدية إن الحديقة ستفتح أبوابها يوم الجمعة."


def gold(text: str, quote: str | None, key: str) -> GoldDoc:
    quotes = [(text.index(quote), text.index(quote) + len(quote))] if quote else []
    return GoldDoc(text, quotes=quotes, key=key)


def deleting_project() -> list[GoldDoc]:
    """The opinions' predicted quotes deleted, the statements' kept."""
    return ([gold(text, None, f"o{i}") for i, (text, _) in enumerate(OPINIONS)]
            + [gold(text, quote, f"s{i}") for i, (text, quote) in enumerate(STATEMENTS)])


def quotes_of(stage, text: str) -> list[str]:
    doc = Document(text)
    stage(doc)
    return [text[s.start:s.end] for s in doc.spans if s.label == "QUOTE"]


@pytest.fixture(scope="module")
def stage():
    return load_quotes(SHIPPED_MODEL_DIR, {})


def test_the_shipped_model_quotes_both_kinds(stage):
    for text, quote in OPINIONS + STATEMENTS:
        assert quotes_of(stage, text) == [quote]


def test_a_cue_whose_quotes_are_deleted_again_and_again_goes_off_and_one_kept_stays(stage):
    choice = choose_cues(stage, deleting_project())
    assert choice["off"] == ["اعتبر"]
    assert choice["deleted"]["اعتبر"] == [4, 0] and choice["errors"]["اعتبر"] == [4, 0]
    assert "قال" not in choice["errors"]  # never deleted: not even tried


def test_a_project_that_keeps_those_quotes_or_never_annotates_quotes_switches_nothing_off(stage):
    keeping = [gold(text, quote, str(i)) for i, (text, quote) in enumerate(OPINIONS + STATEMENTS)]
    assert choose_cues(stage, keeping)["off"] == []
    entities_only = [GoldDoc(text, key=str(i)) for i, (text, _) in enumerate(OPINIONS + STATEMENTS)]
    choice = choose_cues(stage, entities_only)
    assert choice["off"] == [] and "annotates no quotes" in choice["reason"]


def test_a_version_built_from_such_deletions_stops_quoting_that_cue_and_says_so(tmp_path):
    shipped = Annotator.load(SHIPPED_MODEL_DIR)
    published = build_version(ModelStore(tmp_path), "8", deleting_project(), BuildOptions(entity_crf="off"),
                              base=shipped)
    assert (published.path / CUES_OFF_FILE).is_file()
    version = Annotator.load(published.path)
    quotes = [s for s in version.annotate(NEW_OPINION).spans if s.label == "QUOTE"]
    assert quotes == []
    [statement] = [s for s in version.annotate(NEW_STATEMENT).spans if s.label == "QUOTE"]
    assert NEW_STATEMENT[statement.start:statement.end] == "الحديقة ستفتح أبوابها يوم الجمعة"
    assert [s for s in shipped.annotate(NEW_OPINION).spans if s.label == "QUOTE"]  # the shipped model unchanged
    training = json.loads((published.path / "model.json").read_text(encoding="utf-8"))["training"]
    assert training["cues"]["off"] == ["اعتبر"]
    assert "switched off by the project's deletions: اعتبر" in (published.path / "MODEL_CARD.md").read_text(
        encoding="utf-8")

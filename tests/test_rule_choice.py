"""A project's corrections switch off the entity rules its annotators keep undoing, and only those."""

from __future__ import annotations

import json

import pytest

from qawl.gold_doc import GoldDoc
from qawl.learning.build import version_stages
from qawl.learning.rule_choice import MIN_GAIN, choose_rules
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR

# An army, a ministry, a police force and troops named with their nationality: the guidelines tag each ORG
# (the phrases rule builds them); a project that follows ANERcorp's habits tags only the places.
TEXTS = {
    "أعلن الجيش الإسرائيلي صباح اليوم أنه أنهى مناورات واسعة قرب الحدود مع لبنان.":
        [("لبنان", "LOC")],
    "ونفت وزارة الخارجية التركية ما نشرته صحف أوروبية عن لقاء في أنقرة.":
        [("أنقرة", "LOC")],
    "وأكدت الشرطة البريطانية أنها اعتقلت رجلين في مانشستر مساء أمس.":
        [("مانشستر", "LOC")],
    "وانسحبت القوات الروسية من بلدة صغيرة شرق أوكرانيا بعد معارك عنيفة.":
        [("أوكرانيا", "LOC")],
    "ودعت الأمم المتحدة إلى وقف القتال في السودان فورا.":
        [("الأمم المتحدة", "ORG"), ("السودان", "LOC")],
}
RULE_MADE = {"الجيش الإسرائيلي", "وزارة الخارجية التركية", "الشرطة البريطانية", "القوات الروسية"}


def _gold(text: str, entities) -> GoldDoc:
    return GoldDoc(text, [(text.index(s), text.index(s) + len(s), label) for s, label in entities])


@pytest.fixture(scope="module")
def shipped():
    return Annotator.load()


def test_a_rule_the_annotators_keep_undoing_is_switched_off(shipped):
    docs = [_gold(text, entities) for text, entities in TEXTS.items()]

    choice = choose_rules(shipped, docs)

    assert choice["off"] == ["phrases"], choice
    kept, left_out, texts = choice["errors"]["phrases"]
    assert kept - left_out >= MIN_GAIN and texts == len(RULE_MADE)
    assert choice["errors"]["hashtags"][2] == 0  # no hashtag here: that rule changed nothing, stays on


def test_a_project_that_keeps_what_the_rules_make_keeps_every_rule(shipped):
    docs = [_gold(text, entities + [(name, "ORG") for name in RULE_MADE if name in text])
            for text, entities in TEXTS.items()]

    assert choose_rules(shipped, docs)["off"] == []


def test_the_version_runs_without_the_rules_switched_off():
    manifest = json.loads((SHIPPED_MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    stages = version_stages(manifest, ["phrases"])
    [rules] = [s for s in stages if isinstance(s, dict) and s["name"] == "entity_rules"]
    assert rules["options"] == {"phrases": False} and stages[-1] == "learnt"
    assert version_stages(manifest) == manifest["stages"] + ["learnt"]

    version = Annotator.load(stage_options={"entity_rules": rules["options"]})
    text = next(iter(TEXTS))
    found = {s.text_in(text) for s in version.annotate(text).spans_of("entity")}
    assert "الجيش الإسرائيلي" not in found and "لبنان" in found

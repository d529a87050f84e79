"""The quotes stage's clause ends: the points it walks, the examples gold gives, the model that decides."""

from __future__ import annotations

from qawl.document import Document
from qawl.learning.clause_ends import clause_examples, train_clause_ends
from qawl.stages.attribution.clause_end import ClauseEndModel
from qawl.stages.quotes import load as load_quotes
from qawl.shipped import SHIPPED_MODEL_DIR

# The clause after إن goes on past its comma (وأنها …: the same speaker's second point).
GOES_ON = "وأكد مدير المصنع أن الإنتاج ارتفع هذا العام، وأنها ستوظف مئة عامل جديد في الربيع."
# The clause ends at the comma: وهو ما … is the narrator's comment.
ENDS = "وقال وزير التجارة إن الأسعار ستنخفض قريبا، وهو ما رحب به أصحاب المحلات في العاصمة."


def _quote(stage, text: str) -> str:
    doc = Document(text)
    stage(doc)
    [quote] = [s for s in doc.spans if s.label == "QUOTE"]
    return text[quote.start:quote.end]


def _gold(text: str, quote: str) -> list[dict]:
    start = text.index(quote)
    return [{"type": "indirect", "start": start, "end": start + len(quote)}]


def test_gold_boundaries_become_examples_at_the_points_the_clause_may_end():
    stage = load_quotes(SHIPPED_MODEL_DIR, {})
    on = clause_examples(stage, [(GOES_ON, _gold(GOES_ON, "الإنتاج ارتفع هذا العام، وأنها ستوظف مئة عامل جديد في الربيع"))])
    assert [e.ends for e in on] == [False]  # the comma: the quote goes on; the sentence end is no choice
    assert "bias:comma" in on[0].features and "n1=وانها" in on[0].features
    ends = clause_examples(stage, [(ENDS, _gold(ENDS, "الأسعار ستنخفض قريبا"))])
    assert [e.ends for e in ends] == [True]
    assert clause_examples(stage, [(ENDS, [])]) == []  # a clause no gold quote starts with teaches nothing


def test_the_model_decides_where_the_clause_ends_and_the_rule_does_without_one():
    stage = load_quotes(SHIPPED_MODEL_DIR, {})
    stage.clause_ends = None
    assert _quote(stage, ENDS) == "الأسعار ستنخفض قريبا"  # the rule: وهو ما is the narrator's
    stage.clause_ends = ClauseEndModel({"bias:comma": -10.0, "bias:cue": -10.0})
    assert _quote(stage, ENDS) == "الأسعار ستنخفض قريبا، وهو ما رحب به أصحاب المحلات في العاصمة"
    stage.clause_ends = ClauseEndModel({"bias:comma": 10.0})
    assert _quote(stage, GOES_ON) == "الإنتاج ارتفع هذا العام"


def test_training_is_deterministic_and_the_model_file_round_trips(tmp_path):
    stage = load_quotes(SHIPPED_MODEL_DIR, {})
    examples = (clause_examples(stage, [(GOES_ON, _gold(GOES_ON, GOES_ON[GOES_ON.index("الإنتاج"):-1]))]) * 3
                + clause_examples(stage, [(ENDS, _gold(ENDS, "الأسعار ستنخفض قريبا"))]) * 3)
    first, second = train_clause_ends(examples), train_clause_ends(examples)
    assert first.weights == second.weights and first.weights
    assert [first.ends(list(e.features)) for e in examples] == [e.ends for e in examples]
    path = tmp_path / "clause_ends.json"
    first.save(path)
    loaded = ClauseEndModel.load(path)
    assert loaded is not None and loaded.weights.keys() == first.weights.keys()
    assert ClauseEndModel.load(tmp_path / "missing.json") is None

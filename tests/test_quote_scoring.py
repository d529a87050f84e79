"""The quote scorer implements the guidelines' Scoring section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qawl.document import ATTRIBUTION, Document
from qawl.evaluation.quotes import default_dev_paths, load_gold, score_document, score_files

TEXT = 'وقال المدير: "المصنع سيفتح غدا". وأضاف أن العمال سيعودون. وذكرت صحيفة "النهار" الخبر.'


def _gold():
    direct = TEXT.index("المصنع")
    indirect = TEXT.index("العمال")
    speaker = [TEXT.index("المدير"), TEXT.index("المدير") + len("المدير")]
    return {"id": "t", "quotes": [
        {"type": "direct", "start": direct, "end": direct + len("المصنع سيفتح غدا"),
         "speaker": speaker, "mentions": [speaker]},
        {"type": "indirect", "start": indirect, "end": indirect + len("العمال سيعودون"),
         "speaker": speaker, "mentions": [speaker]},
    ]}


def _predict(direct_range, indirect_range, speaker_range, extra=None):
    doc = Document(TEXT)
    speaker = doc.add_span(*speaker_range, "SPEAKER", ATTRIBUTION)
    q1 = doc.add_span(*direct_range, "QUOTE", ATTRIBUTION, kind="direct")
    q2 = doc.add_span(*indirect_range, "QUOTE", ATTRIBUTION, kind="indirect")
    doc.add_relation(speaker, q1)
    doc.add_relation(speaker, q2)
    if extra:
        doc.add_span(*extra, "QUOTE", ATTRIBUTION, kind="direct")
    return doc


def test_perfect_prediction_scores_one():
    gold = _gold()
    q1, q2 = gold["quotes"]
    doc = _predict((q1["start"], q1["end"]), (q2["start"], q2["end"]), tuple(q1["speaker"]))
    scores = score_document(doc, gold)
    assert scores.exact.f1 == scores.overlap.f1 == 1.0
    assert scores.direct_exact.f1 == 1.0 and scores.direct_recall == 1.0
    assert scores.attribution_accuracy == 1.0


def test_marks_and_final_punctuation_are_trimmed_for_exact_match():
    gold = _gold()
    q1, q2 = gold["quotes"]
    # include the marks around the direct quote and the final dot of the indirect one
    doc = _predict((q1["start"] - 1, q1["end"] + 1), (q2["start"], q2["end"] + 1), tuple(q1["speaker"]))
    assert score_document(doc, gold).exact.true_positives == 2


def test_overlap_needs_half_of_the_shorter_span_and_spurious_counts():
    gold = _gold()
    q1, q2 = gold["quotes"]
    name = TEXT.index("النهار")
    doc = _predict((q1["start"], q1["start"] + 4), (q2["start"], q2["end"] - 3), tuple(q1["speaker"]),
                   extra=(name, name + len("النهار")))
    scores = score_document(doc, gold)
    assert scores.overlap.true_positives == 2  # the 4-character prefix still shares all of itself
    assert scores.exact.true_positives == 0
    assert scores.overlap.predicted == 3
    assert scores.overlap.precision == pytest.approx(2 / 3)
    assert scores.direct_overlap.predicted == 2


def test_wrong_speaker_lowers_attribution_only():
    gold = _gold()
    q1, q2 = gold["quotes"]
    wrong = TEXT.index("صحيفة")
    doc = _predict((q1["start"], q1["end"]), (q2["start"], q2["end"]), (wrong, wrong + 5))
    scores = score_document(doc, gold)
    assert scores.overlap.f1 == 1.0
    assert scores.attribution_accuracy == 0.0


def test_files_round_trip(tmp_path: Path):
    gold = _gold()
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "t", "text": TEXT}, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "g.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
    q1, q2 = gold["quotes"]

    def annotate(text):
        return _predict((q1["start"], q1["end"]), (q2["start"], q2["end"]), tuple(q1["speaker"]))

    scores = score_files(tmp_path / "a.jsonl", tmp_path / "g.jsonl", annotate)
    assert scores.as_dict()["quotes_exact"]["f1"] == 1.0


@pytest.mark.parametrize("gold_text, words", [
    ('{"id": "t", "quotes": []}\n{"id": "t", "quotes": [\n', "g.jsonl, line 2: not JSON"),
    ('{"id": "missing", "quotes": []}\n', "record 'missing' has no article"),
    ('["t"]\n', "line 1: expected an object with id"),
])
def test_bad_gold_files_get_a_one_line_error_naming_the_place(tmp_path: Path, capsys, gold_text, words):
    from qawl.cli import main

    (tmp_path / "a.jsonl").write_text("\ufeff" + json.dumps({"id": "t", "text": TEXT}, ensure_ascii=False) + "\n",
                                      "utf-8")
    (tmp_path / "g.jsonl").write_text(gold_text, "utf-8")
    with pytest.raises(SystemExit, match=words):
        main(["score-quotes", "--articles", str(tmp_path / "a.jsonl"), "--gold", str(tmp_path / "g.jsonl"),
              "--quotes-only"])


def test_dev_set_meets_targets():
    articles, gold = default_dev_paths()
    if not articles.exists():
        pytest.skip("shared quotes_dev data not available")
    from qawl.pipeline import Annotator
    from qawl.stages.attribution.lexicon import load_lexicon
    from qawl.stages.quotes import QuoteStage

    assert load_gold(articles, gold)
    annotate = Annotator(version="test", stages=[QuoteStage(load_lexicon())]).annotate
    scores = score_files(articles, gold, annotate)
    assert scores.overlap.f1 >= 0.85
    assert scores.exact.f1 >= 0.70
    assert scores.direct_recall >= 0.95
    assert scores.attribution_accuracy >= 0.85

"""``qawl score-entities``: the guidelines' character-level entity scores, and clear errors on bad files."""

from __future__ import annotations

import json

import pytest

from qawl.cli import main
from qawl.evaluation.entities import score_document

TEXT = "وصل الرئيس محمود عباس إلى عمّان قادما من رام الله."


def _at(fragment: str, label: str) -> tuple[int, int, str]:
    start = TEXT.index(fragment)
    return start, start + len(fragment), label


def test_exact_overlap_and_labels():
    gold = [_at("محمود عباس", "PER"), _at("عمّان", "LOC"), _at("رام الله", "LOC")]
    predicted = [_at("محمود عباس", "PER"), _at("عمّان", "ORG"), _at("رام الله.", "LOC")]
    scores = score_document(TEXT, gold, predicted).as_dict()
    assert scores["exact"]["PER"]["tp"] == 1
    assert scores["exact"]["LOC"]["tp"] == 1  # final punctuation is trimmed before comparing
    assert scores["exact"]["micro"]["tp"] == 2 and scores["exact"]["micro"]["gold"] == 3
    assert scores["unlabelled_overlap"]["tp"] == 3  # the wrong label still found the name


def test_a_partial_name_matches_by_overlap_only():
    scores = score_document(TEXT, [_at("محمود عباس", "PER")], [_at("عباس", "PER")]).as_dict()
    assert scores["exact"]["micro"]["tp"] == 0
    assert scores["overlap"]["micro"]["tp"] == 1  # half of the shorter span is shared (all of it here)
    scores = score_document(TEXT, [_at("محمود عباس", "PER")], [_at("عباس إلى عمّان", "PER")]).as_dict()
    assert scores["overlap"]["micro"]["tp"] == 0  # 4 shared characters, under half of the shorter (10)
    scores = score_document(TEXT, [_at("عمّان", "LOC")], [_at("إلى عمّان قادما من", "LOC")]).as_dict()
    assert scores["overlap"]["micro"]["tp"] == 1 and scores["exact"]["micro"]["tp"] == 0


def test_score_entities_names_what_does_not_fit(tmp_path):
    articles, gold, predictions = tmp_path / "a.jsonl", tmp_path / "g.jsonl", tmp_path / "p.json"
    articles.write_text(json.dumps({"id": "1", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    gold.write_text(json.dumps({"id": "2", "entities": []}) + "\n", encoding="utf-8")
    predictions.write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit, match="record '2' has no article"):
        main(["score-entities", "--articles", str(articles), "--gold", str(gold), "--predictions", str(predictions)])
    gold.write_text(json.dumps({"id": "1", "entities": []}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="line 2"):
        main(["score-entities", "--articles", str(articles), "--gold", str(gold)])
    gold.write_text(json.dumps({"id": "1", "entities": []}) + "\n", encoding="utf-8")
    predictions.write_text(json.dumps([{"data": {"id": "other", "text": "x"}, "predictions": []}]), encoding="utf-8")
    with pytest.raises(SystemExit, match="no prediction for article '1'"):
        main(["score-entities", "--articles", str(articles), "--gold", str(gold), "--predictions", str(predictions)])

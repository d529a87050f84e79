"""The promotion check: gold that would make the model worse publishes nothing, and /metrics says why."""

from __future__ import annotations

import random

import pytest

from qawl.learning.gold import GoldStore
from qawl.learning.registry import ModelRegistry
from qawl.learning.store import ModelStore
from qawl.learning.trainer import Trainer
from qawl.settings import Settings, data_dir

LABELS = ("PER", "ORG", "LOC", "MISC")


def _articles():
    from qawl.ner.train import gold_documents

    folder = data_dir() / "entities_dev"
    if not (folder / "gold.jsonl").is_file() or not (data_dir() / "news_gold" / "entities.jsonl").is_file():
        pytest.skip("the shared entity gold is not available")
    return gold_documents(folder / "articles.jsonl", folder / "gold.jsonl")[:10]


def _result(text, spans):
    return [{"id": f"e{i}", "from_name": "entity", "to_name": "text", "type": "labels",
             "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}
            for i, (s, e, label) in enumerate(spans)]


def _trainer(tmp_path):
    settings = Settings.from_mapping({"model_dir": tmp_path, "label_studio_url": "", "label_studio_api_key": "",
                                      "train_base_sentences": 1000})
    gold = GoldStore(tmp_path / "gold.sqlite3")
    return Trainer(ModelRegistry(tmp_path), gold, settings, autostart=False), gold


@pytest.mark.slow
def test_shuffled_labels_publish_no_version_and_metrics_say_why(tmp_path):
    pytest.importorskip("qawl.ner.neural_train", reason="adapting the neural tagger needs torch (train extra)")
    trainer, gold = _trainer(tmp_path)
    rng = random.Random(1)
    for i, (_, text, spans) in enumerate(_articles()):
        shuffled = [(s, e, rng.choice([x for x in LABELS if x != label])) for s, e, label in spans]
        gold.put("5", str(i), str(i), text, _result(text, shuffled))
    trainer.request("5", "START_TRAINING")
    assert trainer.run_pending("5") is True
    assert ModelStore(tmp_path).current("5") is None  # annotators keep the version they had
    metrics = trainer.metrics()["5"]
    assert metrics["last_error"] is None and metrics["last_version"] is None
    promotion = metrics["last_promotion"]
    assert promotion["passed"] is False and "not published" in promotion["reason"]
    assert promotion["reference_new"] < promotion["reference_serving"] - 0.02
    # correct gold, written for the project, publishes: tests/test_learning_http.py

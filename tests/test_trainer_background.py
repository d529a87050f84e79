"""Background training end to end in-process: a real train_job subprocess, a new version, errors kept."""

from __future__ import annotations

import json
import shutil

import pytest

from qawl.labelstudio.export import ExportError, read_export
from qawl.learning.from_export import import_export, train_from_export
from qawl.learning.gold import GoldStore
from qawl.learning.registry import ModelRegistry
from qawl.learning.store import ModelStore
from qawl.learning.trainer import Trainer
from qawl.settings import Settings

TEXT = "جزم الباحث تيجاني قمّوشة بأن المحصول سيتضاعف هذا العام. وجزمت هيئة سنابل الغد للتنمية أن الدعم سيستمر."


def result():
    def reg(rid, fragment, label, name):
        start = TEXT.index(fragment)
        return {"id": rid, "from_name": name, "to_name": "text", "type": "labels",
                "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}}

    return [reg("s1", "الباحث تيجاني قمّوشة", "SPEAKER", "attribution"),
            reg("q1", "المحصول سيتضاعف هذا العام", "QUOTE", "attribution"),
            reg("s2", "هيئة سنابل الغد للتنمية", "SPEAKER", "attribution"),
            reg("q2", "الدعم سيستمر", "QUOTE", "attribution"),
            reg("p", "تيجاني قمّوشة", "PER", "entity"),
            {"type": "relation", "from_id": "s1", "to_id": "q1", "direction": "right", "labels": ["said"]},
            {"type": "relation", "from_id": "s2", "to_id": "q2", "direction": "right", "labels": ["said"]}]


@pytest.fixture
def quick_training():
    """Settings overrides that keep the shipped CRF (no ANERcorp retraining), so a run takes seconds."""
    return {"train_entity_crf": "off"}


def make_trainer(tmp_path, **settings):
    config = Settings.from_mapping({"model_dir": tmp_path, "label_studio_url": "", "label_studio_api_key": "",
                                    **settings})
    gold = GoldStore(tmp_path / "gold.sqlite3")
    registry = ModelRegistry(tmp_path)
    return Trainer(registry, gold, config, autostart=False), gold, registry


def test_a_run_publishes_a_new_version_that_the_registry_serves(tmp_path, quick_training):
    trainer, gold, registry = make_trainer(tmp_path, **quick_training)
    for i in range(2):
        gold.put("9", str(i), str(i), TEXT, result())
    trainer.request("9", "START_TRAINING", pull=True)
    assert trainer.run_pending("9") is True
    current = ModelStore(tmp_path).current("9")
    assert current.version.endswith("+p9.1")
    assert registry.version_for("9") == current.version  # refreshed right after the run
    metrics = trainer.metrics()["9"]
    assert metrics["state"] == "idle" and metrics["runs"] == 1 and metrics["last_error"] is None
    assert "LABEL_STUDIO_URL" in metrics["last_summary"]["pull_error"]  # no LS: trained from the local store
    assert metrics["gold"] == {"annotations": 2, "received": 2}
    manifest = json.loads((current.path / "model.json").read_text(encoding="utf-8"))
    assert manifest["stages"][-1] == "learnt" and manifest["training"]["learnt"]["cues"] == 1
    assert trainer.run_pending("9") is False  # nothing wanted any more


def test_an_unreachable_label_studio_is_recorded_and_training_still_happens(tmp_path, quick_training):
    trainer, gold, _ = make_trainer(tmp_path, label_studio_url="http://127.0.0.1:9", label_studio_api_key="k",
                                    **quick_training)
    gold.put("9", "1", "1", TEXT, result())
    trainer.request("9", "START_TRAINING", pull=True)
    trainer.run_pending("9")
    metrics = trainer.metrics()["9"]
    assert metrics["last_version"].endswith("+p9.1") and metrics["last_summary"]["pull_error"]
    assert "127.0.0.1" not in json.dumps(metrics)  # Label Studio's address and answer stay in the log


def test_a_failed_training_keeps_the_old_version_and_shows_the_error(tmp_path, quick_training):
    trainer, gold, registry = make_trainer(tmp_path, **quick_training)
    gold.put("9", "1", "1", TEXT, result())
    trainer.request("9", "START_TRAINING")
    trainer.run_pending("9")
    first = registry.version_for("9")
    building = ModelStore(tmp_path).project_dir("9") / "building"
    shutil.rmtree(building)
    building.write_text("a file where the job builds its version", encoding="utf-8")  # the job dies building
    trainer.request("9", "START_TRAINING")
    trainer.run_pending("9")
    metrics = trainer.metrics()["9"]
    assert metrics["failures"] == 1 and metrics["last_error"].startswith("the training job exited with code")
    assert "/" not in metrics["last_error"] and "Traceback" not in json.dumps(metrics)  # details stay in the log
    assert registry.version_for("9") == first == ModelStore(tmp_path).current("9").version


def test_from_export_trains_offline_into_the_model_dir(tmp_path, quick_training):
    export = [{"id": 1, "data": {"text": TEXT}, "annotations": [{"id": 50, "result": result(), "was_cancelled": False}]},
              {"id": 2, "data": {"text": TEXT}, "annotations": [{"id": 51, "result": [], "was_cancelled": True}]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert [row.key for row in read_export(path)] == ["50"]
    outcome = train_from_export(path, Settings.from_mapping({"model_dir": tmp_path / "models", **quick_training}),
                                "12")
    assert outcome["imported"] == 1 and outcome["version"].endswith("+p12.1")
    assert ModelRegistry(tmp_path / "models").version_for("12") == outcome["version"]


def test_an_export_with_odd_items_keeps_every_usable_annotation(tmp_path):
    """Hand-made or edited exports: stray items are skipped, annotations without ids do not overwrite
    each other, a byte-order mark is read, and importing the same file twice stores nothing twice."""
    export = ["not a task", {"id": 3, "data": "نص بلا مفتاح", "annotations": []},
              {"data": {"text": TEXT}, "annotations": ["not an annotation", {"result": result()}, {"result": []}]}]
    path = tmp_path / "export.json"
    path.write_text("\ufeff" + json.dumps(export, ensure_ascii=False), encoding="utf-8")
    rows = read_export(path)
    assert len(rows) == 2 and len({row.key for row in rows}) == 2
    gold = GoldStore(tmp_path / "gold.sqlite3")
    assert import_export(gold, "4", path) == import_export(gold, "4", path) == 2
    assert gold.count("4") == 2


@pytest.mark.parametrize("content, words", [("{\"tasks\": ", "not a Label Studio JSON export"),
                                             ("42", "expected a list of tasks")])
def test_a_file_that_is_not_an_export_is_named_clearly(tmp_path, content, words):
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=words):
        read_export(path)
    with pytest.raises(ExportError, match="cannot read"):
        read_export(tmp_path / "missing.json")


def test_an_export_of_a_project_whose_text_is_not_under_text(tmp_path):
    """A `$body` project's export: read under its data key, and a clear error when the key cannot be guessed."""
    task = {"id": 4, "data": {"body": TEXT, "source": "وكالة الأنباء"}, "annotations": [{"id": 60, "result": result()}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    assert [(row.key, row.text) for row in read_export(path, "body")] == [("60", TEXT)]
    with pytest.raises(ExportError, match="--data-key"):
        read_export(path)
    task["data"].pop("source")  # one string field: that is the text
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    assert [row.text for row in read_export(path)] == [TEXT]

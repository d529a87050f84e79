"""Versioned model directories: atomic publishing, the pointer, and workers swapping versions live."""

from __future__ import annotations

import json
import shutil

import pytest

from qawl.learning.registry import ModelRegistry
from qawl.learning.store import ModelStore
from qawl.shipped import SHIPPED_MODEL_DIR


def publish_copy(store: ModelStore, project: str, version: str, number: int, broken: bool = False):
    """A version that is the shipped model under another name (or one that cannot load)."""
    built = store.begin(project)
    for path in SHIPPED_MODEL_DIR.iterdir():
        if path.is_file() and path.name != "model.json":
            shutil.copy2(path, built / path.name)
    manifest = json.loads((SHIPPED_MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    manifest.update(version=version, number=number)
    if broken:
        manifest["stages"] = ["no-such-stage"]
    (built / "model.json").write_text(json.dumps(manifest), encoding="utf-8")
    return store.publish(project, built, version)


def test_publish_renames_the_build_and_moves_the_pointer(tmp_path):
    store = ModelStore(tmp_path)
    assert store.current("5") is None and store.next_number("5") == 1
    published = publish_copy(store, "5", "qawl-test+p5.1", 1)
    assert store.current("5").version == "qawl-test+p5.1" == published.version
    assert not any((tmp_path / "projects" / "5" / "building").iterdir())
    assert [v["version"] for v in store.versions("5")] == ["qawl-test+p5.1"] and store.next_number("5") == 2
    with pytest.raises(OSError):  # a published version is never overwritten
        publish_copy(store, "5", "qawl-test+p5.1", 3)


def test_odd_project_ids_never_become_paths(tmp_path):
    with pytest.raises(ValueError):
        ModelStore(tmp_path).project_dir("../etc")


def test_a_half_built_version_is_never_served(tmp_path):
    store = ModelStore(tmp_path)
    built = store.begin("5")
    (built / "model.json").write_text("{}", encoding="utf-8")  # a crash before publish
    registry = ModelRegistry(tmp_path)
    assert registry.version_for("5") == registry.shipped.version


def test_a_worker_answers_with_a_new_version_from_the_first_request_after_it_is_published(tmp_path):
    """Another process (a second worker, ``qawl train --from-export``) publishes: this worker's very next
    /setup names the new version and its very next /predict runs it; no second ask, no waiting."""
    registry = ModelRegistry(tmp_path)
    shipped = registry.version_for("5")
    assert registry.for_project("5").version == shipped
    publish_copy(ModelStore(tmp_path), "5", "qawl-test+p5.1", 1)
    assert registry.version_for("5") == "qawl-test+p5.1"
    assert registry.for_project("5").version == "qawl-test+p5.1"
    assert registry.version_for("6") == shipped  # other projects are untouched
    assert registry.versions("5") == [shipped, "qawl-test+p5.1"]
    publish_copy(ModelStore(tmp_path), "5", "qawl-test+p5.2", 2)
    assert registry.for_project("5").version == "qawl-test+p5.2"  # /predict first, without a /setup before it


def test_a_restarted_worker_serves_the_current_version_from_the_first_request(tmp_path):
    publish_copy(ModelStore(tmp_path), "5", "qawl-test+p5.1", 1)
    assert ModelRegistry(tmp_path).version_for("5") == "qawl-test+p5.1"


def test_a_version_that_fails_to_load_keeps_the_old_one_serving(tmp_path):
    store = ModelStore(tmp_path)
    publish_copy(store, "5", "qawl-test+p5.1", 1)
    registry = ModelRegistry(tmp_path)
    publish_copy(store, "5", "qawl-test+p5.2", 2, broken=True)
    assert registry.for_project("5").version == "qawl-test+p5.1"
    assert registry.version_for("5") == "qawl-test+p5.1"  # the failed version is not announced again
    assert "no-such-stage" in registry.status()["5"]["load_error"]

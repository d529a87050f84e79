"""A damaged version never damages the shipped model, never serves, and never stops a worker from booting."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil

import pytest

from qawl.gold_doc import GoldDoc
from qawl.learning.build import BuildOptions, build_version
from qawl.learning.integrity import IntegrityError, checksums, verify
from qawl.learning.registry import ModelRegistry
from qawl.learning.store import ModelStore
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR

TEXT = "جزم الباحث تيجاني قمّوشة بأن المحصول سيتضاعف هذا العام. وجزمت هيئة سنابل الغد للتنمية أن الدعم سيستمر."


def span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def gold() -> list[GoldDoc]:
    speaker, quote = span("الباحث تيجاني قمّوشة"), span("المحصول سيتضاعف هذا العام")
    return [GoldDoc(TEXT, entities=[(*span("تيجاني قمّوشة"), "PER"), (*span("هيئة سنابل الغد للتنمية"), "ORG")],
                    quotes=[quote], speakers=[speaker], said=[(speaker, quote)], key="1")]


@pytest.fixture(scope="module")
def shipped() -> Annotator:
    return Annotator.load(SHIPPED_MODEL_DIR)


def build(store: ModelStore, project: str, shipped: Annotator):
    """A real build that keeps the shipped CRF (no ANERcorp retraining): seconds."""
    return build_version(store, project, gold(), BuildOptions(entity_crf="off"), base=shipped)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def writable(path):
    """Version files are built read-only; a person or a stray script may still change them (as their owner)."""
    os.chmod(path, 0o644)
    return path


def scramble(path) -> None:
    """4 KB of random bytes 4 KB in, size and header kept: a CRF damaged like this still loads and tags, wrongly."""
    with open(writable(path), "r+b") as handle:
        handle.seek(4096)
        handle.write(random.Random(28).randbytes(4096))


def test_truncating_a_versions_file_leaves_the_shipped_model_intact(tmp_path, shipped):
    before = {name: sha256(SHIPPED_MODEL_DIR / name) for name in ("entities.crfsuite", "clusters.tsv", "namestats.tsv")}
    version = build(ModelStore(tmp_path), "7", shipped).path
    for name in before:
        assert not os.path.samefile(version / name, SHIPPED_MODEL_DIR / name)  # copies, never hard links
    manifest = json.loads((version / "model.json").read_text(encoding="utf-8"))
    assert manifest["files"] == checksums(version) and "gazetteers/PER.txt" in manifest["files"]
    assert manifest["files"]["entities.crfsuite"] == before["entities.crfsuite"]
    with open(writable(version / "entities.crfsuite"), "r+b") as handle:  # as `: > entities.crfsuite` would
        handle.truncate(0)
    scramble(version / "clusters.tsv")
    assert {name: sha256(SHIPPED_MODEL_DIR / name) for name in before} == before
    assert Annotator.load(SHIPPED_MODEL_DIR).annotate(TEXT).spans  # the next start still boots and serves
    with pytest.raises(IntegrityError, match="changed: clusters.tsv, entities.crfsuite"):
        verify(version)


def test_a_version_with_random_bytes_in_its_model_falls_back_to_the_previous_good_one_then_the_shipped_one(
        tmp_path, shipped):
    store = ModelStore(tmp_path)
    first, second = build(store, "7", shipped), build(store, "7", shipped)
    registry = ModelRegistry(tmp_path)
    assert registry.version_for("7") == second.version and registry.status()["7"]["load_error"] is None

    third = build(store, "7", shipped)  # published, then damaged before any worker loads it
    scramble(third.path / "entities.crfsuite")
    assert registry.version_for("7") == third.version  # the newest published version is named at once ...
    assert registry.for_project("7").version == second.version  # ... but the damaged one never serves
    assert registry.version_for("7") == second.version
    error = registry.status()["7"]["load_error"]
    assert third.version in error and "changed: entities.crfsuite" in error
    assert registry.status()["7"]["serving"] == second.version

    booting = ModelRegistry(tmp_path)  # a worker starting now does not fail, and serves the same
    assert booting.version_for("7") == second.version and booting.for_project("7").annotate(TEXT).spans

    scramble(second.path / "entities.crfsuite")
    (first.path / "gazetteers" / "PER.txt").unlink()
    booting = ModelRegistry(tmp_path)
    assert booting.version_for("7") == booting.shipped.version
    status = booting.status()["7"]
    assert status["serving"] == booting.shipped.version
    assert "changed: entities.crfsuite" in status["load_error"]  # the second version
    assert "missing: gazetteers/PER.txt" in status["load_error"]  # the first
    assert booting.for_project("7").annotate(TEXT).spans


def test_a_version_published_before_checksums_still_loads_and_serves_when_current_is_missing(tmp_path):
    store = ModelStore(tmp_path)
    built = store.begin("7")
    for path in SHIPPED_MODEL_DIR.iterdir():
        if path.is_file() and path.name != "model.json":
            shutil.copy2(path, built / path.name)
    manifest = json.loads((SHIPPED_MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    manifest.update(version="qawl-old+p7.1", number=1)
    (built / "model.json").write_text(json.dumps(manifest), encoding="utf-8")
    store.publish("7", built, "qawl-old+p7.1")
    registry = ModelRegistry(tmp_path)
    assert registry.version_for("7") == "qawl-old+p7.1" and registry.status()["7"]["load_error"] is None

    pointer = store.pointer("7")
    (pointer.parent / "CURRENT.tmp").write_text("qawl-old+p7.2\n", encoding="utf-8")
    os.replace(pointer.parent / "CURRENT.tmp", pointer)  # names a version that is not there
    assert registry.for_project("7").version == "qawl-old+p7.1"
    assert "qawl-old+p7.2" in registry.status()["7"]["load_error"]

"""Build one new model version for a project from the shipped model and the project's gold.

Every training starts again from the shipped model and all current gold, so
a deleted annotation is forgotten at the next run and runs do not drift. The
new directory starts as a copy of the shipped model (copies, never hard links:
a version's file written or truncated in place must not change the shipped
one), then:

* ``entities.crfsuite`` retrained on ANERcorp plus the gold, the gold shown
  ``QAWL_GOLD_WEIGHT`` times (crfsuite has no instance weights), when the
  base model uses the CRF and ANERcorp is available;
* the learnt word lists (``learn_lexicon``) and the ``learnt`` stage added;
* ``model.json`` with the sha256 of every file (``integrity``), so a file
  damaged after publishing is refused instead of served;
* a smoke test: the new directory must verify, load and annotate before it is published.

Knobs (``BuildOptions``, from the settings): ``QAWL_GOLD_WEIGHT`` (default 5),
``QAWL_TRAIN_ENTITY_CRF`` (``auto``/``off``), ``QAWL_TRAIN_BASE_SENTENCES`` (cap on
ANERcorp sentences, 0 = all), ``QAWL_CRF_ITERATIONS`` (default: the tagger's own),
``QAWL_DATA`` (where ANERcorp's ``train.txt`` is).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..gold_doc import GoldDoc
from ..pipeline import Annotator
from ..settings import Settings
from ..shipped import SHIPPED_MODEL_DIR
from .gold_to_training import entity_documents
from .integrity import checksums, verify
from .learn_lexicon import cue_key, learn_lexicon, write_lexicon
from .store import ModelStore, Published

__all__ = ["BuildOptions", "build_version"]

log = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    gold_weight: int = 5
    entity_crf: str = "auto"  # "auto": retrain when the base model has a CRF; "off": keep the base CRF
    base_sentences: int = 0
    crf_iterations: int = 0
    shared_data: Path = field(default_factory=lambda: Settings().shared_data)

    @classmethod
    def from_settings(cls, settings: Settings) -> "BuildOptions":
        return cls(gold_weight=settings.gold_weight, entity_crf=settings.train_entity_crf,
                   base_sentences=settings.train_base_sentences, crf_iterations=settings.crf_iterations,
                   shared_data=settings.shared_data)


def build_version(store: ModelStore, project_id: str, docs: Sequence[GoldDoc], options: BuildOptions | None = None,
                  base_dir: Path = SHIPPED_MODEL_DIR, base: Annotator | None = None) -> Published:
    """Build, check and publish a new version; the old one serves until the rename, and on any error."""
    options = options or BuildOptions()
    started = time.perf_counter()
    base_dir = Path(base_dir)
    manifest = json.loads((base_dir / "model.json").read_text(encoding="utf-8"))
    base = base or Annotator.load(base_dir)
    built = store.begin(project_id)
    try:
        _overlay(base_dir, built)
        summary: dict = {"gold_annotations": len(docs), "base_version": manifest["version"]}
        summary["entities"] = _train_entities(docs, base, base_dir, built, options)
        lexicon = learn_lexicon(docs, known_cues=_known_cues())
        write_lexicon(lexicon, built)
        summary["learnt"] = lexicon.summary()
        number = store.next_number(project_id)
        version = f"{manifest['version']}+p{project_id}.{number}"
        stages = [s for s in manifest["stages"] if (s if isinstance(s, str) else s.get("name")) != "learnt"]
        summary["seconds"] = round(time.perf_counter() - started, 2)
        new_manifest = {**manifest, "version": version, "number": number, "project": project_id,
                        "created_at": time.time(), "stages": stages + ["learnt"], "training": summary,
                        "files": checksums(built)}
        (built / "model.json").write_text(json.dumps(new_manifest, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
        _smoke_test(built, docs)
        _fsync_tree(built)
        return store.publish(project_id, built, version)
    except BaseException:
        store.discard(built)
        raise


def _overlay(base_dir: Path, target: Path) -> None:
    """Every file of the base model except its manifest, copied: a version shares no inode with it."""
    for path in base_dir.rglob("*"):
        if path.is_dir() or path.name == "model.json":
            continue
        dest = target / path.relative_to(base_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)


def _train_entities(docs: Sequence[GoldDoc], base: Annotator, base_dir: Path, built: Path,
                    options: BuildOptions) -> dict:
    """Retrain the CRF on ANERcorp + weighted gold; a dict saying what was done (or why not)."""
    def predict(text: str):
        return [(s.start, s.end, s.label) for s in base.annotate(text).spans if s.group == "entity"]

    documents, counts = entity_documents(docs, predict)
    info: dict = {"gold": counts}
    model_file = _crf_file(base_dir)
    if options.entity_crf == "off":
        return {**info, "crf": "off (QAWL_TRAIN_ENTITY_CRF)"}
    if model_file is None or not (base_dir / model_file).is_file():
        return {**info, "crf": "skipped: the base model has no CRF"}
    if not documents:
        return {**info, "crf": "kept: no annotation with entity regions"}
    try:
        from ..ner.conll import read_conll
        from ..ner.features import FeatureExtractor
        from ..ner.train import documents_to_sentences, train_entity_model
    except ImportError as error:  # the CRF trainer is optional for the learning loop
        return {**info, "crf": f"skipped: {error}"}
    corpus = options.shared_data / "anercorp" / "train.txt"
    if not corpus.is_file():
        return {**info, "crf": f"kept: {corpus} not found (gold alone is too small to train on)"}
    base_sentences = read_conll(corpus)
    if options.base_sentences:
        base_sentences = base_sentences[: options.base_sentences]
    gold_sentences = documents_to_sentences(documents)
    weights = [1.0] * len(base_sentences) + [float(options.gold_weight)] * len(gold_sentences)
    params = {"max_iterations": options.crf_iterations} if options.crf_iterations else None
    features = FeatureExtractor.from_model_dir(base_dir)
    trained = train_entity_model(base_sentences + gold_sentences, built / model_file, features,
                                 weights=weights, params=params)
    return {**info, "crf": "retrained", "base_sentences": len(base_sentences),
            "gold_sentences": len(gold_sentences), "gold_weight": options.gold_weight, "train": trained}


def _crf_file(base_dir: Path) -> str | None:
    manifest = json.loads((base_dir / "model.json").read_text(encoding="utf-8"))
    for stage in manifest["stages"]:
        name, opts = (stage, {}) if isinstance(stage, str) else (stage.get("name"), stage.get("options", {}))
        if name == "entities" and opts.get("backend", "crf") == "crf":
            return opts.get("model", "entities.crfsuite")
    return None


def _known_cues() -> set[str]:
    """Cue forms the shipped quotes stage already knows (not worth learning again)."""
    try:
        from ..stages.attribution.lexicon import load_lexicon

        return {cue_key(form) for form in load_lexicon().cues}
    except Exception:  # the lexicon format belongs to the quotes stage; learning works without it
        return set()


def _smoke_test(built: Path, docs: Sequence[GoldDoc]) -> None:
    verify(built)
    annotator = Annotator.load(built)
    sample = next((d.text for d in docs if d.text.strip()), "قال المتحدث إن الاجتماع انتهى.")
    annotator.annotate(sample[:5000])


def _fsync_tree(root: Path) -> None:
    """Flush every file, and make it read-only: nothing writes into a version once it is built."""
    for path in root.rglob("*"):
        if path.is_file():
            os.chmod(path, 0o444)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

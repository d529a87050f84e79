"""The Annotator: an ordered list of stages loaded once from a model directory.

A model directory holds ``model.json`` (its version and the names of its
stages, in order) and whatever files the stages read. The shipped model lives
in ``backend/qawl/resources/model`` (:data:`qawl.shipped.SHIPPED_MODEL_DIR`);
trained versions live under ``MODEL_DIR``. Stage names are looked up in the
table of :mod:`qawl.stages.registry`, which imports a stage only when named.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Protocol

from .document import Document, Span
from .ranges import DisjointRanges
from .shipped import SHIPPED_MODEL_DIR
from .stages.registry import STAGES, stage_factory

__all__ = ["Annotator", "Stage"]

log = logging.getLogger(__name__)

# Guard rails: a text longer than this is annotated only up to here (spans stay
# valid offsets into the full text), so one huge task cannot stall a batch.
MAX_ANNOTATED_CHARS = 200_000


class Stage(Protocol):
    """One step of the pipeline: reads the Document, adds spans and relations."""

    name: str

    def __call__(self, doc: Document) -> None: ...


@dataclass
class Annotator:
    """Runs the stages of one model version over texts."""

    version: str
    stages: list[Stage]
    model_dir: Path | None = None

    @classmethod
    def load(cls, model_dir: Path | str = SHIPPED_MODEL_DIR, skip: Iterable[str] = (),
             stage_options: Mapping[str, dict] | None = None) -> "Annotator":
        """Load every stage named in ``model_dir/model.json``, once; stages named in ``skip`` are left out.

        ``stage_options`` maps a stage name to options that override that stage's
        ``model.json`` options key by key (e.g. ``Settings.stage_options()``).
        """
        model_dir = Path(model_dir)
        manifest = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
        skip = frozenset(skip)
        if skip - STAGES.keys():
            raise ValueError(f"cannot skip unknown stage(s) {sorted(skip - STAGES.keys())}; known: {sorted(STAGES)}")
        stage_options = dict(stage_options or {})
        if stage_options.keys() - STAGES.keys():
            raise ValueError(f"options for unknown stage(s) {sorted(stage_options.keys() - STAGES.keys())}; "
                             f"known: {sorted(STAGES)}")
        started = time.perf_counter()
        loaded, left_out = [], []
        for entry in manifest["stages"]:
            name, options = (entry, {}) if isinstance(entry, str) else (entry["name"], entry.get("options", {}))
            if name in skip:
                left_out.append(name)
                continue
            if name not in STAGES:
                raise ValueError(f"model {model_dir} names unknown stage {name!r}; known: {sorted(STAGES)}")
            if name in stage_options:
                options = {**options, **stage_options[name]}
            loaded.append(stage_factory(name)(model_dir, options))
        log.info("loaded model %s (%s) in %.2f s", manifest["version"], ", ".join(s.name for s in loaded),
                 time.perf_counter() - started)
        version = manifest["version"]
        if left_out:  # predictions made without a stage must not pass for the full model's
            version += "-without-" + "-".join(sorted(left_out))
        return cls(version=version, stages=loaded, model_dir=model_dir)

    def annotate(self, text: str) -> Document:
        """Run every stage over ``text`` and return the annotated Document."""
        doc = Document(text[:MAX_ANNOTATED_CHARS] if len(text) > MAX_ANNOTATED_CHARS else text)
        for stage in self.stages:
            stage(doc)
        resolve_overlaps(doc)
        if doc.text is not text:
            doc.text = text  # spans index the prefix, which is the same string
        return doc


def resolve_overlaps(doc: Document) -> None:
    """Keep spans of one group from overlapping: the higher priority wins (the stage's rank in
    :mod:`qawl.stages.precedence`), then the higher score, then the longer, then the earlier."""
    doomed: list[Span] = []
    for group in {s.group for s in doc.spans}:
        kept = DisjointRanges()
        for span in sorted(doc.spans_of(group), key=lambda s: (-s.priority, -s.score, -(s.end - s.start), s.start)):
            if not kept.add(span.start, span.end):
                doomed.append(span)
    if doomed:
        doc.remove_spans(doomed)

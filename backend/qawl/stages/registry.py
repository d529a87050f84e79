"""The table of stages: the names ``model.json`` may use, and where each stage's factory lives.

One explicit table instead of a registry filled by import side effects: a reader
opens this file to see every stage there is, and ``qawl.pipeline`` imports no
stage. A factory's module is imported only when a model names it, so loading a
model without, say, the ``learnt`` stage never imports the learning code.

A factory takes the model directory and the stage's options (``model.json``,
overridden by ``Annotator.load(stage_options=...)``) and returns the stage: a
callable with a ``name`` that reads a ``Document`` and adds spans and relations.
This module imports nothing from qawl (the table is strings), so anything may import it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Callable

__all__ = ["FACTORIES", "STAGES", "StageFactory", "stage_factory"]

StageFactory = Callable[[Path, dict], Any]

# name in model.json -> "module:factory"
STAGES: dict[str, str] = {
    "quotes": "qawl.stages.quotes:load",
    "entities": "qawl.stages.entities:load",
    "entity_rules": "qawl.stages.entity_rules.stage:load",
    "learnt": "qawl.stages.learnt:load",  # trained versions end with it
}


def stage_factory(name: str) -> StageFactory:
    """The factory of the stage called ``name``, its module imported on first use."""
    try:
        target = STAGES[name]
    except KeyError:
        raise KeyError(f"unknown stage {name!r}; known: {sorted(STAGES)}") from None
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


class _Factories(Mapping[str, StageFactory]):
    """``STAGES`` with each entry resolved to its factory on lookup: ``FACTORIES["entities"](model_dir, {})``."""

    def __getitem__(self, name: str) -> StageFactory:
        return stage_factory(name)

    def __contains__(self, name: object) -> bool:  # without importing anything
        return name in STAGES

    def __iter__(self) -> Iterator[str]:
        return iter(STAGES)

    def __len__(self) -> int:
        return len(STAGES)


FACTORIES: Mapping[str, StageFactory] = _Factories()

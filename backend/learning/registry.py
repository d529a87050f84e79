"""Which model version serves which project.

Loads the shipped model once at start; ``for_project`` is the only way the
service gets an Annotator, so versioned per-project models plug in here.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..pipeline import SHIPPED_MODEL_DIR, Annotator

__all__ = ["ModelRegistry"]


class ModelRegistry:
    def __init__(self, model_dir: Path, shipped_dir: Path = SHIPPED_MODEL_DIR):
        self.model_dir = Path(model_dir)
        self.shipped = Annotator.load(shipped_dir)
        self._lock = threading.Lock()

    def for_project(self, project_id: str | None) -> Annotator:
        return self.shipped

    def version_for(self, project_id: str | None) -> str:
        return self.for_project(project_id).version

    def versions(self, project_id: str | None) -> list[str]:
        return [self.shipped.version]

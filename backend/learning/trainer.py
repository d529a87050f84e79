"""Background training jobs (first version: records requests; training lands with the learning loop)."""

from __future__ import annotations

import threading
import time

__all__ = ["Trainer"]


class Trainer:
    def __init__(self, registry, gold, settings):
        self.registry, self.gold, self.settings = registry, gold, settings
        self._lock = threading.Lock()
        self.state: dict[str, dict] = {}

    def request(self, project_id: str, reason: str) -> dict:
        """Note that the project wants training; returns at once."""
        with self._lock:
            entry = self.state.setdefault(project_id, {"state": "idle", "requests": 0})
            entry["requests"] += 1
            entry["last_request"] = {"reason": reason, "at": time.time()}
            return dict(entry)

    def annotation_stored(self, project_id: str) -> None:
        """Called after each stored annotation (the every-N trigger lives here)."""

    def metrics(self) -> dict:
        with self._lock:
            return {pid: dict(v) for pid, v in self.state.items()}

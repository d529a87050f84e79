"""Which model version serves which project.

The shipped model serves projects that have no trained version. A project's
trained version is named by ``MODEL_DIR/projects/<pid>/CURRENT``; every
gunicorn worker stats that file at most once a second per project and, when
it changed, loads the new version once in a background thread while the old
one keeps serving, then swaps it in under a lock. No restart, no request
waits for a load, and a version that fails to load never replaces a good one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import SHIPPED_MODEL_DIR, Annotator
from ..stages import learnt  # noqa: F401  (registers the "learnt" stage used by trained versions)
from .store import ModelStore

__all__ = ["ModelRegistry"]

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    annotator: Annotator | None = None
    stamp: tuple | None = None        # pointer stamp of the loaded version
    seen_stamp: tuple | None = None   # last stamp looked at (loaded or being loaded or failed)
    checked: float = 0.0
    loading: bool = False
    error: str | None = None
    loaded_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ModelRegistry:
    def __init__(self, model_dir: Path, shipped_dir: Path = SHIPPED_MODEL_DIR, check_every: float = 1.0):
        self.model_dir = Path(model_dir)
        self.store = ModelStore(self.model_dir)
        self.shipped = Annotator.load(shipped_dir)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        for project_id in self.store.projects():  # serve every trained version from the first request
            self.refresh(project_id, wait=True)

    def for_project(self, project_id: str | None) -> Annotator:
        if not project_id:
            return self.shipped
        entry = self._entry(project_id)
        now = time.monotonic()
        if now - entry.checked >= self.check_every:
            entry.checked = now
            self._check(project_id, entry, wait=False)
        return entry.annotator or self.shipped

    def version_for(self, project_id: str | None) -> str:
        return self.for_project(project_id).version

    def versions(self, project_id: str | None) -> list[str]:
        """The shipped version, then the project's trained versions, oldest first."""
        found = [self.shipped.version]
        if project_id:
            try:
                found += [v["version"] for v in self.store.versions(project_id)]
            except ValueError:
                pass
        return found

    def refresh(self, project_id: str, wait: bool = False) -> None:
        """Look at the pointer now (and, with ``wait``, load in this thread)."""
        entry = self._entry(project_id)
        entry.checked = time.monotonic()
        self._check(project_id, entry, wait=wait)

    def status(self) -> dict:
        """Per project: the version serving, when it was loaded, the last load error."""
        with self._lock:
            items = list(self._entries.items())
        return {pid: {"serving": (e.annotator or self.shipped).version, "loaded_at": e.loaded_at,
                      "loading": e.loading, "load_error": e.error} for pid, e in items}

    def _entry(self, project_id: str) -> _Entry:
        entry = self._entries.get(project_id)
        if entry is None:
            with self._lock:
                entry = self._entries.setdefault(project_id, _Entry())
        return entry

    def _check(self, project_id: str, entry: _Entry, wait: bool) -> None:
        try:
            stamp = self.store.pointer_stamp(project_id)
        except ValueError:  # not a plain project id: never has versions
            return
        if stamp is None or stamp == entry.seen_stamp:
            return
        with entry.lock:
            if entry.loading or stamp == entry.seen_stamp:
                return
            entry.loading = True
            entry.seen_stamp = stamp
        if wait:
            self._load(project_id, entry, stamp)
        else:
            threading.Thread(target=self._load, args=(project_id, entry, stamp), daemon=True,
                             name=f"qawl-load-{project_id}").start()

    def _load(self, project_id: str, entry: _Entry, stamp: tuple) -> None:
        try:
            current = self.store.current(project_id)
            if current is None:
                raise FileNotFoundError(f"CURRENT of project {project_id} names no complete version")
            if entry.annotator is not None and entry.annotator.version == current.version:
                annotator = entry.annotator
            else:
                annotator = Annotator.load(current.path)
            with entry.lock:
                entry.annotator, entry.stamp, entry.error = annotator, stamp, None
                entry.loaded_at = time.time()
            log.info("project %s now served by %s", project_id, annotator.version)
        except Exception as error:
            entry.error = f"{type(error).__name__}: {error}"
            log.error("project %s: could not load the new version, the old one keeps serving: %s",
                      project_id, entry.error)
        finally:
            entry.loading = False

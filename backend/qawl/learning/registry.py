"""Which model version serves which project, in every worker, as soon as it is published.

The shipped model serves projects that have no trained version. A project's
trained version is named by ``MODEL_DIR/projects/<pid>/CURRENT``. Every
``/setup``, ``/predict`` and ``/versions`` looks at that pointer (one ``stat``):
``version_for`` answers the newest published version at once and starts
loading it in the background; ``for_project`` loads it before answering if
it is not loaded yet (other requests for the project wait for that one load).

A version is checked against the checksums in its manifest before it is
loaded. When it fails the check or fails to load, the project's newest earlier
version that passes serves instead, else the shipped model; ``status()`` says
which and why. A failed version is not tried again until the pointer changes,
and no version, however damaged, stops a worker from booting.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..pipeline import Annotator
from ..shipped import SHIPPED_MODEL_DIR
from .integrity import verify
from .store import ModelStore

__all__ = ["ModelRegistry"]

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    annotator: Annotator | None = None
    stamp: tuple | None = None        # pointer stamp of the loaded version, or of the one that failed
    error: str | None = None
    loaded_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)  # held while loading


class ModelRegistry:
    def __init__(self, model_dir: Path, shipped_dir: Path = SHIPPED_MODEL_DIR,
                 stage_options: Mapping[str, dict] | None = None):
        self.model_dir = Path(model_dir)
        self.store = ModelStore(self.model_dir)
        self.stage_options = dict(stage_options or {})
        self.shipped = Annotator.load(shipped_dir, stage_options=self.stage_options)
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        try:
            projects = self.store.projects()
        except OSError as error:  # an unreadable model dir: serve the shipped model rather than not boot
            log.error("cannot list the trained projects in %s: %s", self.model_dir, error)
            projects = []
        for project_id in projects:  # serve every trained version from the first request
            self.for_project(project_id)

    def for_project(self, project_id: str | None) -> Annotator:
        """The newest published version of the project, loaded first if it is new."""
        if not project_id:
            return self.shipped
        entry = self._entry(project_id)
        stamp = self._stamp(project_id)
        if stamp is not None and stamp != entry.stamp:
            with entry.lock:
                if stamp != entry.stamp:
                    self._load(project_id, entry, stamp)
        return entry.annotator or self.shipped

    def version_for(self, project_id: str | None) -> str:
        """The newest published version's name, at once; it is loaded in the background if new."""
        if not project_id:
            return self.shipped.version
        entry = self._entry(project_id)
        stamp = self._stamp(project_id)
        if stamp is None or stamp == entry.stamp:
            return (entry.annotator or self.shipped).version
        current = self.store.current(project_id)
        if current is None:
            return (entry.annotator or self.shipped).version
        if not entry.lock.locked():
            threading.Thread(target=self.for_project, args=(project_id,), daemon=True,
                             name=f"qawl-load-{project_id}").start()
        return current.version

    def versions(self, project_id: str | None) -> list[str]:
        """The shipped version, then the project's trained versions, oldest first."""
        found = [self.shipped.version]
        if project_id:
            try:
                found += [v["version"] for v in self.store.versions(project_id)]
            except ValueError:
                pass
        return found

    def version_details(self, project_id: str) -> list[dict]:
        """Each trained version of the project with what decided it: the gold it learnt from, the entity rules
        and reporting cues its corrections switched off, where it ends reported clauses (``learnt`` from the
        project's quotes, or the ``base``'s rule), and the promotion check's comparison with the version that
        served before it."""
        try:
            versions = self.store.versions(project_id)
        except ValueError:
            return []
        return [{"version": v["version"], "created_at": v["created_at"],
                 "gold_annotations": v["training"].get("gold_annotations"),
                 "rules_off": (v["training"].get("rules") or {}).get("off", []),
                 "cues_off": (v["training"].get("cues") or {}).get("off", []),
                 "clause_ends": (v["training"].get("clause_ends") or {}).get("kept", "base"),
                 "promotion": v["training"].get("promotion")} for v in versions]

    def status(self) -> dict:
        """Per project: the version serving, when it was loaded, the last load error."""
        with self._lock:
            items = list(self._entries.items())
        return {pid: {"serving": (e.annotator or self.shipped).version, "loaded_at": e.loaded_at,
                      "loading": e.lock.locked(), "load_error": e.error} for pid, e in items}

    def _entry(self, project_id: str) -> _Entry:
        entry = self._entries.get(project_id)
        if entry is None:
            with self._lock:
                entry = self._entries.setdefault(project_id, _Entry())
        return entry

    def _stamp(self, project_id: str) -> tuple | None:
        try:
            return self.store.pointer_stamp(project_id)
        except (ValueError, OSError):  # not a plain project id, or an unreadable pointer: the shipped model
            return None

    def _load(self, project_id: str, entry: _Entry, stamp: tuple) -> None:
        """Serve the best version that verifies and loads (caller holds ``entry.lock``), else the shipped model.

        Versions are checked on disk each time, even the one in memory, so every worker serves the same.
        """
        entry.annotator, errors = self._best(project_id, entry.annotator)
        entry.error, entry.loaded_at, entry.stamp = "; ".join(errors) or None, time.time(), stamp
        served = (entry.annotator or self.shipped).version
        if errors:
            log.error("project %s is served by %s: %s", project_id, served, entry.error)
        else:
            log.info("project %s now served by %s", project_id, served)

    def _best(self, project_id: str, loaded: Annotator | None) -> tuple[Annotator | None, list[str]]:
        """The first of the project's fallbacks that verifies and loads (None: none did), and why the others did not."""
        try:
            candidates = self.store.fallbacks(project_id)
        except Exception as error:
            return None, [f"{type(error).__name__}: {error}"]
        errors = [] if candidates else [f"CURRENT of project {project_id} names no complete version"]
        for candidate in candidates:
            try:
                verify(candidate.path)
                if loaded is not None and loaded.version == candidate.version:
                    return loaded, errors
                return Annotator.load(candidate.path, stage_options=self.stage_options), errors
            except Exception as error:
                errors.append(f"{candidate.version}: {type(error).__name__}: {error}")
        return None, errors

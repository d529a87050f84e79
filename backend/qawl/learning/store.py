"""Versioned model directories per project, published atomically.

Layout under ``MODEL_DIR/projects/<pid>/``::

    versions/<version>/model.json   one full model directory per training (own copies, checksums)
    CURRENT                         the version that serves, replaced with os.replace
    building/                       half-built versions (never served)

A version is built in ``building/``, renamed into ``versions/`` when complete,
and only then does ``CURRENT`` point at it. A reader therefore sees either the
old version or the whole new one, and a crash mid-build leaves the old one
serving. Versions are named ``<base>+p<pid>.<n>`` (a semver build suffix).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ModelStore", "Published", "safe_project_id"]

_PID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def safe_project_id(project_id: str) -> str:
    """Project ids become directory names: refuse anything but a short plain token."""
    project_id = str(project_id)
    if not _PID.match(project_id):
        raise ValueError(f"project id {project_id!r} is not a plain token")
    return project_id


@dataclass(frozen=True)
class Published:
    project_id: str
    version: str
    path: Path


class ModelStore:
    """Reads and writes ``MODEL_DIR/projects``; safe across processes (rename is atomic)."""

    def __init__(self, model_dir: Path | str):
        self.root = Path(model_dir) / "projects"

    def project_dir(self, project_id: str) -> Path:
        return self.root / safe_project_id(project_id)

    def pointer(self, project_id: str) -> Path:
        return self.project_dir(project_id) / "CURRENT"

    def current(self, project_id: str) -> Published | None:
        """The version ``CURRENT`` names, if it exists and is complete."""
        try:
            version = self.pointer(project_id).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, ValueError):
            return None
        path = self.project_dir(project_id) / "versions" / version
        if not version or not (path / "model.json").is_file():
            return None
        return Published(project_id, version, path)

    def pointer_stamp(self, project_id: str) -> tuple[int, int] | None:
        """A cheap change marker for ``CURRENT`` (mtime in ns, inode); None when absent."""
        try:
            st = os.stat(self.pointer(project_id))
        except (FileNotFoundError, ValueError):
            return None
        return st.st_mtime_ns, st.st_ino

    def projects(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "CURRENT").is_file())

    def versions(self, project_id: str) -> list[dict]:
        """Every complete version of a project, oldest first, with its training summary."""
        return [{"version": data.get("version", path.name), "number": data.get("number", 0),
                 "created_at": data.get("created_at"), "training": data.get("training", {})}
                for path, data in self._manifests(project_id)]

    def fallbacks(self, project_id: str) -> list[Published]:
        """What may serve the project, best first: the version ``CURRENT`` names (complete or not: loading
        it says why not), then the earlier complete ones, newest first."""
        try:
            named = self.pointer(project_id).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, ValueError):
            named = ""
        known = [(data.get("number", 0), path) for path, data in self._manifests(project_id)]
        limit = next((number for number, path in known if path.name == named), None)
        earlier = [Published(project_id, path.name, path) for number, path in reversed(known)
                   if path.name != named and (limit is None or number < limit)]
        named_path = self.project_dir(project_id) / "versions" / named
        return ([Published(project_id, named, named_path)] if named else []) + earlier

    def _manifests(self, project_id: str) -> list[tuple[Path, dict]]:
        """(directory, manifest) of every version whose manifest reads, oldest first."""
        base = self.project_dir(project_id) / "versions"
        if not base.is_dir():
            return []
        found = []
        for path in base.iterdir():
            try:
                data = json.loads((path / "model.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                found.append((path, data))
        return sorted(found, key=lambda item: item[1].get("number", 0))

    def next_number(self, project_id: str) -> int:
        return max((v["number"] for v in self.versions(project_id)), default=0) + 1

    def begin(self, project_id: str) -> Path:
        """A fresh private directory to build a version in."""
        building = self.project_dir(project_id) / "building"
        building.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="v-", dir=building))

    def publish(self, project_id: str, built: Path, version: str) -> Published:
        """Move a complete build into ``versions/`` and point ``CURRENT`` at it, both atomically."""
        if not (built / "model.json").is_file():
            raise ValueError(f"{built} has no model.json")
        project = self.project_dir(project_id)
        versions = project / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        target = versions / version
        os.rename(built, target)  # fails if the version exists: never overwrite a served version
        _fsync_dir(versions)
        pointer_tmp = project / f".CURRENT.{os.getpid()}.tmp"
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(version + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, project / "CURRENT")
        _fsync_dir(project)
        return Published(project_id, version, target)

    def discard(self, built: Path) -> None:
        shutil.rmtree(built, ignore_errors=True)

    def clean_building(self, project_id: str) -> None:
        """Remove builds left by a crash (call only while holding the project's training lock)."""
        shutil.rmtree(self.project_dir(project_id) / "building", ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""The one training lock of a project: ``flock`` on ``MODEL_DIR/projects/<pid>/train.lock``.

Server workers, the training loop and ``qawl train --from-export`` all take
it, so a project is never trained twice at once; a dead process releases it.
"""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from typing import IO, Iterator

from .store import ModelStore

__all__ = ["LockTimeout", "held_elsewhere", "project_lock", "try_project_lock"]


class LockTimeout(TimeoutError):
    """Another process kept the project's training lock for longer than the caller would wait."""


def _open(store: ModelStore, project_id: str) -> IO:
    path = store.project_dir(project_id) / "train.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "a+")


def try_project_lock(store: ModelStore, project_id: str) -> IO | None:
    """The held lock (close it to release), or None when another process holds it."""
    handle = _open(store, project_id)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


@contextmanager
def project_lock(store: ModelStore, project_id: str, wait_seconds: float) -> Iterator[None]:
    """Hold the lock for the block, waiting up to ``wait_seconds`` for another holder to finish."""
    deadline = time.monotonic() + wait_seconds
    while (handle := try_project_lock(store, project_id)) is None:
        if time.monotonic() > deadline:
            raise LockTimeout(f"project {project_id} is being trained by another process")
        time.sleep(1)
    try:
        yield
    finally:
        handle.close()


def held_elsewhere(store: ModelStore, project_id: str) -> bool:
    """True while another process (or thread holding its own handle) trains the project."""
    try:
        handle = try_project_lock(store, project_id)
    except (OSError, ValueError):
        return False
    if handle is None:
        return True
    handle.close()
    return False

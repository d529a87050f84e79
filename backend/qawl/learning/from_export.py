"""Offline retraining from a Label Studio JSON export (``qawl train --from-export FILE``).

The export's annotations go into the gold store under ``MODEL_DIR`` (so the
server and later trainings see them too), then one training runs in this
process under the project's training lock and publishes a new version; a
running server serves it from its next request, without a restart.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..labelstudio.export import read_export
from ..settings import Settings
from .gold import GoldStore
from .lock import project_lock
from .queue import TrainingQueue
from .store import ModelStore
from .sync import project_data_key

__all__ = ["import_export", "train_from_export"]


def import_export(gold: GoldStore, project_id: str, path: Path | str, data_key: str | None = None) -> int:
    """Store every usable annotation of the export; how many. Without ``data_key``, the project's own
    (as the store knows it from Label Studio) when there is one, else ``text`` or a task's only string."""
    if data_key is None and gold.project(project_id) is not None:
        data_key = project_data_key(gold, project_id)
    rows = read_export(path, data_key)
    for row in rows:
        gold.put(project_id, row.key, row.task_id, row.text, row.result, count=False)
    return len(rows)


def train_from_export(path: Path | str, settings: Settings, project_id: str, data_key: str | None = None,
                      wait_seconds: float = 3600) -> dict:
    """Import the export, then train once (waiting for a server-side run of the same project to end)."""
    from .train_job import run_training

    gold = GoldStore(settings.model_dir / "gold.sqlite3")
    imported = import_export(gold, project_id, path, data_key)
    queue = TrainingQueue(gold.path)
    store = ModelStore(settings.model_dir)
    with project_lock(store, project_id, wait_seconds):
        store.clean_building(project_id)
        started = time.perf_counter()
        outcome = run_training(settings, project_id)
        queue.request(project_id, "qawl train --from-export", gold.received(project_id))
        claim = queue.claim(project_id)
        if claim:
            queue.finish(project_id, claim[0], time.perf_counter() - started, outcome.version, None,
                         outcome.as_dict())
    return {**outcome.as_dict(), "imported": imported}

"""Offline retraining from a Label Studio JSON export (``qawl train --from-export FILE``).

The export is a list of task dicts, each with ``data`` and ``annotations``.
Its non-cancelled annotations go into the gold store under ``MODEL_DIR`` (so
the server and later trainings see them too), then one training runs in this
process under the project's lock and publishes a new version; a running
server picks it up within a second, without a restart.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from pathlib import Path

from .gold import GoldStore
from .store import ModelStore

__all__ = ["ExportError", "read_export", "import_export", "train_from_export"]


class ExportError(ValueError):
    """The export file cannot be read as a Label Studio JSON export; the message says why."""


def read_export(path: Path | str, data_key: str = "text") -> list[tuple[str, str, str, list]]:
    """``(annotation key, task id, text, result)`` for every usable annotation of an export file.

    Tasks and annotations that are not objects, tasks without a string text and cancelled
    annotations are skipped; a file that cannot be read as a JSON export raises ``ExportError``.
    """
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportError(f"{path} is not a Label Studio JSON export: {error}") from None
    if isinstance(tasks, dict):  # a single task, or {"tasks": [...]}
        tasks = tasks.get("tasks", [tasks])
    if not isinstance(tasks, list):
        raise ExportError(f"{path} is not a Label Studio JSON export: expected a list of tasks")
    found = []
    for task in tasks:
        data = task.get("data") if isinstance(task, dict) else None
        text = data.get(data_key) if isinstance(data, dict) else None
        if not isinstance(text, str):
            continue
        annotations = task.get("annotations") or task.get("completions") or []
        for index, annotation in enumerate(annotations if isinstance(annotations, list) else []):
            if (not isinstance(annotation, dict) or annotation.get("was_cancelled")
                    or not isinstance(annotation.get("result"), list)):
                continue
            found.append((_annotation_key(annotation, text, index), str(task.get("id")), text, annotation["result"]))
    return found


def _annotation_key(annotation: dict, text: str, index: int) -> str:
    """Label Studio's annotation id, as the webhook stores it; for an annotation without one, a key
    from the text and its place in the task, so that two such annotations do not overwrite each
    other and importing the same file again replaces rather than duplicates."""
    if annotation.get("id") is not None:
        return str(annotation["id"])
    return f"export:{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}:{index}"


def import_export(gold: GoldStore, project_id: str, path: Path | str, data_key: str = "text") -> int:
    rows = read_export(path, data_key)
    for annotation_key, task_id, text, result in rows:
        gold.put(project_id, annotation_key, task_id, text, result, count=False)
    return len(rows)


def train_from_export(path: Path | str, model_dir: Path | str, project_id: str, data_key: str = "text",
                      wait_seconds: float = 3600) -> dict:
    """Import the export, then train once (waiting for a server-side run of the same project to end)."""
    from .train_job import run_training

    model_dir = Path(model_dir)
    gold = GoldStore(model_dir / "gold.sqlite3")
    imported = import_export(gold, project_id, path, data_key)
    store = ModelStore(model_dir)
    lock_path = store.project_dir(project_id) / "train.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"project {project_id} is being trained by another process") from None
                time.sleep(1)
        store.clean_building(project_id)
        started = time.perf_counter()
        outcome = run_training(model_dir, project_id)
        gold.want_training(project_id, "qawl train --from-export")
        claim = gold.claim_training(project_id)
        if claim:
            gold.finish_training(project_id, claim[0], time.perf_counter() - started, outcome["version"], None,
                                 outcome)
    outcome["imported"] = imported
    return outcome

"""Reading a Label Studio JSON export: the annotations it holds, as plain records.

The export is a list of task dicts, each with ``data`` and ``annotations``
(``completions`` in old exports). The text is under the data key the
project's label config names (``<Text value="$body">`` → ``body``); when the
caller does not know it, a task's ``text`` is used, else its only string value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ExportError", "ExportedAnnotation", "annotation_key", "export_tasks", "read_export", "text_of"]


class ExportError(ValueError):
    """The export file cannot be read as a Label Studio JSON export; the message says why."""


@dataclass(frozen=True)
class ExportedAnnotation:
    key: str            # Label Studio's annotation id, or a stable key for one without
    task_id: str | None
    text: str
    result: list


def export_tasks(path: Path | str) -> list:
    """The task list of an export file (a list, one task, or ``{"tasks": [...]}``); ``ExportError`` saying why not."""
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
    return tasks


def read_export(path: Path | str, data_key: str | None = None) -> list[ExportedAnnotation]:
    """Every usable annotation of an export file, in file order.

    Tasks and annotations that are not objects, tasks without a string text and cancelled
    annotations are skipped; a file that cannot be read as a JSON export raises ``ExportError``.
    """
    tasks = export_tasks(path)
    found, textless = [], 0
    for task in tasks:
        data = task.get("data") if isinstance(task, dict) else None
        text = text_of(data, data_key) if isinstance(data, dict) else None
        if text is None:
            textless += isinstance(data, dict) and bool(task.get("annotations") or task.get("completions"))
            continue
        annotations = task.get("annotations") or task.get("completions") or []
        task_id = None if task.get("id") is None else str(task["id"])
        for index, annotation in enumerate(annotations if isinstance(annotations, list) else []):
            if (not isinstance(annotation, dict) or annotation.get("was_cancelled")
                    or not isinstance(annotation.get("result"), list)):
                continue
            found.append(ExportedAnnotation(annotation_key(annotation, text, index), task_id, text,
                                            annotation["result"]))
    if textless and not found:
        where = f"under data.{data_key}" if data_key else "under data.text (nor a task's only string)"
        raise ExportError(f"{path}: no annotated task has its text {where}; name the project's data key "
                          f"(the $name of its <Text value=...>) with --data-key")
    return found


def text_of(data: dict, data_key: str | None) -> str | None:
    if data_key is not None:
        text = data.get(data_key)
        return text if isinstance(text, str) else None
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [value for value in data.values() if isinstance(value, str)]
    return strings[0] if len(strings) == 1 else None


def annotation_key(annotation: dict, text: str, index: int) -> str:
    """Label Studio's annotation id, as the webhook stores it; for an annotation without one, a key
    from the text and its place in the task, so that two such annotations do not overwrite each
    other and importing the same file again replaces rather than duplicates."""
    if annotation.get("id") is not None:
        return str(annotation["id"])
    return f"export:{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}:{index}"

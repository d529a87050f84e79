"""Reading task files: a JSON list of Label Studio tasks, or JSONL with one task or {"text": ...} a line."""

from __future__ import annotations

import json
from pathlib import Path


def read_tasks(path: str | Path, data_key: str = "text") -> list[dict]:
    """Tasks in Label Studio's shape (``{"data": {...}, ...}``), whatever the file held."""
    raw = Path(path).read_text(encoding="utf-8")
    stripped = raw.lstrip()
    if stripped.startswith("["):
        items = json.loads(raw)
    else:
        items = [json.loads(line) for line in raw.splitlines() if line.strip()]
    if isinstance(items, dict):
        items = [items]
    tasks = []
    for item in items:
        if isinstance(item, dict) and "data" not in item:
            item = {"data": item}
        tasks.append(item)
    return tasks

"""Reading task files: a JSON list of Label Studio tasks, one task, or JSONL with one task or {"text": ...} a line."""

from __future__ import annotations

import json
from pathlib import Path

from ..jsonl import JSONLError, parse_jsonl


def read_tasks(path: str | Path) -> list:
    """The file's items, each object in Label Studio's task shape (``{"data": {...}, ...}``).

    Raises ``OSError`` for a file that cannot be read and ``ValueError`` (naming the line for JSONL)
    for one that is not JSON. Items that are not objects are returned as they are, for the caller
    to report.
    """
    raw = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark from Windows editors is dropped
    if raw.lstrip().startswith("["):
        items = json.loads(raw)
    else:
        try:
            items = [json.loads(raw)]  # one task, perhaps spread over several lines
        except json.JSONDecodeError:
            try:
                items = [value for _, value in parse_jsonl(raw, path)]
            except JSONLError as error:
                raise ValueError(f"line {error.line} is not JSON: {error.reason}") from None
    return [{"data": item} if isinstance(item, dict) and "data" not in item else item for item in items]

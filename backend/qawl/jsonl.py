"""Reading JSON Lines: one JSON value a line, blank lines skipped, a bad line named.

Lines end at ``\\n`` only. ``str.splitlines`` also ends them at U+2028, U+2029
and U+0085, which ``json.dumps(..., ensure_ascii=False)`` leaves unescaped
inside strings and which Arabic news text holds, so it cuts such records in two.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["JSONLError", "parse_jsonl", "read_jsonl"]


class JSONLError(ValueError):
    """A line that is not JSON; the message names the source and the line."""

    def __init__(self, source: str | Path, line: int, reason: str):
        super().__init__(f"{source}, line {line}: not JSON ({reason})")
        self.line, self.reason = line, reason


def parse_jsonl(raw: str, source: str | Path = "input") -> list[tuple[int, object]]:
    """``(line number, value)`` for each non-blank line of ``raw``."""
    values = []
    for number, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            values.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            raise JSONLError(source, number, str(error)) from None
    return values


def read_jsonl(path: str | Path, numbered: bool = False) -> list:
    """The values of a JSONL file (a byte-order mark is dropped), with their line numbers if ``numbered``."""
    pairs = parse_jsonl(Path(path).read_text(encoding="utf-8-sig"), path)
    return pairs if numbered else [value for _, value in pairs]

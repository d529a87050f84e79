"""Plain-text word lists shipped in ``backend/qawl/resources``: one entry a line, ``#`` comments."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def read_list(path: Path | str) -> list[str]:
    """Entries of a list file, in order, without comments or blank lines."""
    path = Path(path)
    if not path.is_absolute():
        path = RESOURCES / path
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries

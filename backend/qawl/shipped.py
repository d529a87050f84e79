"""What ships inside the package: the resources folder, the shipped model and the list format.

A leaf module (it imports nothing from qawl). The stages, the CRF's features,
the pipeline, the commands and the learning loop all need to know where
``backend/qawl/resources`` and the shipped model are and how a word list is
read; keeping that here means none of them imports another just for a path.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["RESOURCES", "SHIPPED_MODEL_DIR", "read_list"]

RESOURCES = Path(__file__).resolve().parent / "resources"
SHIPPED_MODEL_DIR = Path(__file__).parent / "resources" / "model"


def read_list(path: Path | str) -> list[str]:
    """Entries of a plain-text list file, in order: one entry a line, ``#`` comments and blank lines left out.

    A relative ``path`` is taken inside :data:`RESOURCES`.
    """
    path = Path(path)
    if not path.is_absolute():
        path = RESOURCES / path
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries

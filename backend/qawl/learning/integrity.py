"""Checksums of a model version's files: written into ``model.json`` when built, checked before loading.

A truncated or overwritten model file does not always fail to load: crfsuite
read 4 KB of random bytes without complaint and the version served nonsense.
So ``model.json`` lists the sha256 of every other file of the version
(``"files": {"entities.crfsuite": "<hex>", "gazetteers/PER.txt": ...}``) and a
version whose files do not match is refused before it is loaded. A manifest
without ``"files"`` (a version built before checksums) has nothing to check.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["IntegrityError", "checksums", "file_sha256", "verify"]

MANIFEST = "model.json"


class IntegrityError(ValueError):
    """A version's files are not the ones its manifest lists."""


def checksums(model_dir: Path | str) -> dict[str, str]:
    """sha256 of every file under ``model_dir`` except the manifest, keyed by relative posix path."""
    model_dir = Path(model_dir)
    return {path.relative_to(model_dir).as_posix(): file_sha256(path)
            for path in sorted(model_dir.rglob("*")) if path.is_file() and path != model_dir / MANIFEST}


def verify(model_dir: Path | str) -> None:
    """Raise ``IntegrityError`` naming every listed file that is missing or changed since the build."""
    model_dir = Path(model_dir)
    try:
        expected = json.loads((model_dir / MANIFEST).read_text(encoding="utf-8")).get("files") or {}
    except (OSError, ValueError, AttributeError) as error:
        raise IntegrityError(f"{model_dir / MANIFEST} cannot be read: {error}") from error
    missing, changed = [], []
    for name, digest in sorted(expected.items()):
        path = model_dir / name
        if not path.is_file():
            missing.append(name)
        elif file_sha256(path) != digest:
            changed.append(name)
    if missing or changed:
        problems = [f"{label}: {', '.join(names)}" for label, names in (("missing", missing), ("changed", changed))
                    if names]
        raise IntegrityError(f"model {model_dir.name} does not match its manifest ({'; '.join(problems)})")


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks (model files and data sets are large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

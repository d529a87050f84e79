"""Gold sets on disk: an articles JSONL (``id``, ``text``) and a gold JSONL keyed by the same ids.

The quote and the entity scorers read them the same way, as do the files
``qawl export-gold`` writes; a gold record may carry the ``sha256`` of its
article's text, so that gold offsets are never applied to another text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..jsonl import JSONLError, read_jsonl

__all__ = ["GoldFileError", "load_gold", "text_digest"]


class GoldFileError(ValueError):
    """An articles or gold file that cannot be read as the scorers expect; the message says where."""


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_gold(articles: Path | str, gold: Path | str, *gold_keys: str) -> list[tuple[dict, dict]]:
    """Pairs of (article, gold record) joined on ``id``; checks the text hash when given."""
    texts = {record["id"]: record for record in _records(articles, "id", "text")}
    pairs = []
    for record in _records(gold, "id", *gold_keys):
        article = texts.get(record["id"])
        if article is None:
            raise GoldFileError(f"{gold}: record {record['id']!r} has no article in {articles}")
        digest = record.get("sha256")
        if digest and text_digest(article["text"]) != digest:
            raise GoldFileError(f"text of {record['id']} does not match the gold file's sha256")
        pairs.append((article, record))
    return pairs


def _records(path: Path | str, *keys: str) -> list[dict]:
    """The JSON objects of a JSONL file, each with ``keys``, or GoldFileError naming the line."""
    try:
        numbered = read_jsonl(path, numbered=True)
    except JSONLError as error:
        raise GoldFileError(str(error)) from None
    for number, record in numbered:
        if not isinstance(record, dict) or any(key not in record for key in keys):
            raise GoldFileError(f"{path}, line {number}: expected an object with {', '.join(keys)}")
    return [record for _, record in numbered]

"""Groups: a movement named by the plural of its members (``الحوثيين``, ``الحوثيون``) is an ORG wherever the
tagger left it untagged, unless it is the adjective of a definite plural before it (``المتمردين الحوثيين``,
as ``السوريين`` after a noun is no entity); the names are in ``group_names.txt``."""

from __future__ import annotations

from ...document import Document
from .base import Lists, SpanEdits, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    groups = lists.lex.groups
    with SpanEdits(doc) as edits:
        for i, w in enumerate(words):
            if w.core not in groups or edits.overlapping(w.start, w.end):
                continue
            before = words[i - 1] if i > 0 else None
            if (before is not None and not w.prefix and words.joined(i) and before.core.startswith("ال")
                    and before.core.endswith(("ين", "ون"))):
                continue  # المتمردين الحوثيين: the adjective of the noun before it
            edits.add(w.start, w.end, "ORG")

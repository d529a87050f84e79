"""Hashtags: a name inside a hashtag is one entity without the ``#`` (``#محمد_صلاح`` → PER), labelled
by the gazetteer or, for an unlisted name, by the one label of the spans wholly inside it."""

from __future__ import annotations

import re

from ...arabic import fold
from ...document import Document
from .base import Lists, SpanEdits, Words

_HASHTAG = re.compile(r"#([^\W\d_][\w]*(?:_[\w]+)+)")


def apply(doc: Document, words: Words, lists: Lists) -> None:
    with SpanEdits(doc) as edits:
        tags = []  # every hashtag is read against the spans before the rule, then edited
        for match in _HASHTAG.finditer(doc.text):
            start, end = match.span(1)
            label = lists.names.get(" ".join(fold(match.group(1)).split("_")))
            inner = edits.overlapping(start, end)
            if label is None:
                labels = {s.label for s in inner if start <= s.start and s.end <= end}
                if len(labels) != 1 or any(s.start < start or s.end > end for s in inner):
                    continue
                label = labels.pop()
            tags.append((start, end, label.split("|")[0], inner))
        for start, end, label, inner in tags:
            edits.remove(inner)
            edits.add(start, end, label)

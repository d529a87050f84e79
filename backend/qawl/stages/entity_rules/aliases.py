"""Aliases: a short name in brackets right after an organisation's or an event's name is that name's other
form and takes its label (``الاتحاد الدولي لمكافحة المنشطات (وادا)``, ``الوكالة الروسية لمكافحة المنشطات
(روسادا)``, ``الدوري الألماني (بوندسليغا)``): the tagger, seeing the alias alone, often takes it for a person
or a place. A person's name in brackets after a club (``الأهلي (مهند عسيري)``, its player) keeps its label, and
so do a known place (``تشلسي (إنجلترا)``, the club's country) and an event (``النصر (كأس خادم الحرمين)``)."""

from __future__ import annotations

import re

from ...document import Document
from .base import Lists, SpanEdits, Words

MAX_ALIAS_WORDS = 2
_OPENING = re.compile(r"[ \t]*\([ \t]*")
_CLOSING = re.compile(r"[ \t]*\)")


def apply(doc: Document, words: Words, lists: Lists) -> None:
    text = doc.text
    with SpanEdits(doc) as edits:
        for name in sorted(edits.overlapping(0, len(text)), key=lambda s: s.start):
            if name.label not in ("ORG", "MISC"):
                continue
            opening = _OPENING.match(text, name.end)
            if opening is None:
                continue
            aliases = [s for s in edits.overlapping(opening.end(), opening.end() + 1) if s.start == opening.end()]
            alias = aliases[0] if aliases else None
            if alias is None or alias.label == name.label or alias.label == "MISC" \
                    or _CLOSING.match(text, alias.end) is None:
                continue
            alias_words = words.within(alias.start, alias.end)
            if not 1 <= len(alias_words) <= MAX_ALIAS_WORDS:
                continue
            if alias.label == "PER" and "PER" in lists.names.get(words[alias_words[0]].core, "").split("|"):
                continue  # الأهلي (مهند عسيري): a player after his club
            if alias.label == "LOC" and words.name(alias_words[0], alias_words[-1]) in lists.places:
                continue  # تشلسي (إنجلترا): the club's country
            alias.label = name.label

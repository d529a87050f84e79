"""Families: ``آل`` + a family name closes a person's name: a PER span before it grows over it
(``تميم بن حمد`` + ``آل ثاني``), and a listed first name + ``آل`` + family becomes one PER
(``تركي آل الشيخ``, where تركي alone reads as the nationality)."""

from __future__ import annotations

from ...document import ENTITY, Document
from .base import Lists, SpanEdits, Words


def apply(doc: Document, words: Words, lists: Lists) -> None:
    text = doc.text
    person_ends = {s.end: s for s in doc.spans_of(ENTITY) if s.label == "PER"}
    with SpanEdits(doc) as edits:
        for j in range(1, len(words) - 1):
            family, before, name = words[j], words[j - 1], words[j + 1]
            if (text[family.start:family.end] != "آل" or family.prefix or not name.arabic or name.prefix
                    or name.core in lists.lex.stop or not words.joined(j) or not words.joined(j + 1)):
                continue
            person = person_ends.get(before.end)
            if person is not None:
                edits.remove([s for s in edits.overlapping(family.start, name.end) if s is not person])
                person.end = name.end
                edits.moved(person)
            elif "PER" in lists.names.get(before.core, "").split("|") and not before.prefix:
                overlapping = edits.overlapping(before.start, name.end)
                if any(s.label in ("ORG", "PER") for s in overlapping):
                    continue
                edits.remove(overlapping)
                edits.add(before.start, name.end, "PER")

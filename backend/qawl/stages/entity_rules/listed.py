"""Listed names: a long name of the gazetteer (four words or more: ``التحالف العربي لدعم الشرعية في اليمن``,
``المفوضية السامية للأمم المتحدة لشؤون اللاجئين``) is one entity where it stands in full, over the pieces the
tagger found inside it (``[التحالف العربي] لدعم الشرعية في [اليمن]``). Its words are evidence the tagger
weighs; this rule makes the list's span win when the tagger's pieces all lie inside it. A tagger's span that
reaches outside the name (``قوات التحالف …``) is left as it is."""

from __future__ import annotations

from ...document import Document
from .base import Lists, SpanEdits, Words

MIN_WORDS = 4
MAX_WORDS = 8


def apply(doc: Document, words: Words, lists: Lists) -> None:
    long_names = lists.long_names
    firsts = lists.long_name_firsts
    with SpanEdits(doc) as edits:
        i = 0
        while i < len(words):
            found = _listed_at(words, i, long_names) if words[i].core in firsts else None
            if found is None:
                i += 1
                continue
            last, label = found
            start, end = words[i].start, words[last].end
            inside = edits.overlapping(start, end)
            if all(start <= s.start and s.end <= end for s in inside) \
                    and not any((s.start, s.end, s.label) == (start, end, label) for s in inside):
                edits.remove(inside)
                edits.add(start, end, label)
            i = last + 1


def _listed_at(words: Words, i: int, long_names: dict[str, str]) -> tuple[int, str] | None:
    """The last word and label of the longest long listed name starting at word ``i``."""
    for last in range(min(len(words), i + MAX_WORDS) - 1, i + MIN_WORDS - 2, -1):
        if all(words.joined(k) for k in range(i + 1, last + 1)):
            label = long_names.get(words.name(i, last))
            if label is not None:
                return last, label
    return None


def long_names(names: dict[str, str], titles: frozenset[str]) -> dict[str, str]:
    """The gazetteer's names of :data:`MIN_WORDS` words or more that have one label: name -> label; not those that
    open with a title (الملك عبد الله الثاني), which the guidelines leave outside a person's name."""
    return {name: labels for name, labels in names.items()
            if len(name.split()) >= MIN_WORDS and "|" not in labels and name.split()[0] not in titles}

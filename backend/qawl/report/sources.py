"""Who said it: SPEAKER mentions across a dataset gathered into sources.

``الرئيس السوري بشار الأسد`` in one place and ``الأسد`` in the next are one
source. A mention's **name** is the longest PER region inside its SPEAKER
span (else the longest ORG region, else the whole mention); its **key** is
the name folded as every qawl matcher folds Arabic (:func:`qawl.arabic.fold`:
no diacritics or tatweel, alef forms and alef maksura unified), with the
punctuation at its ends dropped and its spaces collapsed.

A person's **full name** is a key of two words or more taken from a PER
region. A key that is not a full name joins the full name that ends with the
same word (``الأسد``, or ``الرئيس الأسد`` with only ``الأسد`` tagged, join
``بشار الأسد``): the one of its own task if that task has exactly one, else the
one of the dataset if it has exactly one. In a project that does not tag
entities, a one-word mention joins the one longer mention that ends with it.
Everything else is its own source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..arabic import fold

__all__ = ["Mention", "SourceResolver", "display_names", "mention_of", "name_key"]

_EDGE_PUNCTUATION = " \t\r\n\u00a0«»“”„\"'‘’.,،;؛:!?؟…()[]-–—"
NAME_LABELS = ("PER", "ORG")


@dataclass(frozen=True)
class Mention:
    task_id: str
    text: str       # the SPEAKER mention as written
    name: str       # the name it gives, as written
    key: str        # the name folded
    person: bool    # the name is a PER region


def name_key(name: str) -> str:
    return " ".join(fold(name).strip(_EDGE_PUNCTUATION).split())


def mention_of(task_id: str, text: str, speaker: tuple[int, int], entities) -> Mention:
    """The mention of ``text[speaker]``, named by the entity regions ``(start, end, label)`` inside it."""
    start, end = speaker
    inside = {label: [(e_end - e_start, e_start, e_end) for e_start, e_end, e_label in entities
                      if e_label == label and start <= e_start and e_end <= end] for label in NAME_LABELS}
    name, person = text[start:end], False
    for label in NAME_LABELS:
        if inside[label]:
            _, e_start, e_end = max(inside[label])  # the longest; among equals the last (names follow titles)
            name, person = text[e_start:e_end], label == "PER"
            break
    return Mention(task_id, text[start:end], name, name_key(name) or name_key(text[start:end]), person)


class SourceResolver:
    """Maps each mention's key to its source's key, given every mention of the dataset."""

    def __init__(self, mentions):
        self.full_names: set[str] = set()
        self.task_full: dict[str, set[str]] = defaultdict(set)
        self.longer: set[str] = set()  # multi-word keys of any kind, for projects without entity regions
        self.task_longer: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            if len(mention.key.split()) >= 2:
                self.longer.add(mention.key)
                self.task_longer[mention.task_id].add(mention.key)
                if mention.person:
                    self.full_names.add(mention.key)
                    self.task_full[mention.task_id].add(mention.key)

    def resolve(self, mention: Mention) -> str:
        key = mention.key
        if key in self.full_names or not key:
            return key
        words = key.split()
        last = words[-1]
        found = self._one_ending_with(last, self.task_full[mention.task_id], key) \
            or self._one_ending_with(last, self.full_names, key)
        if found:
            return found
        if len(words) == 1:
            found = self._one_ending_with(last, self.task_longer[mention.task_id], key) \
                or self._one_ending_with(last, self.longer, key)
        return found or key

    @staticmethod
    def _one_ending_with(word: str, names: set[str], key: str) -> str | None:
        matches = [name for name in names if name != key and name.split()[-1] == word]
        return matches[0] if len(matches) == 1 else None


def display_names(resolved) -> dict[str, str]:
    """For each source key, its name as most often written by the mentions that are the source itself
    (not the shorter ones that joined it); ``resolved`` holds ``(mention, source key)`` pairs."""
    written: dict[str, Counter] = defaultdict(Counter)
    for mention, source in resolved:
        if mention.key == source:
            written[source][mention.name.strip(_EDGE_PUNCTUATION)] += 1
    names = {}
    for _, source in resolved:
        if source not in names:
            forms = written.get(source)
            names[source] = min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else source
    return names

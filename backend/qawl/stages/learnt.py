"""The ``learnt`` stage: what a project's annotators taught, applied after the shipped stages.

* names from the project's gold are found wherever they recur (with the
  و/ف/ب/ك/ل proclitics the guidelines leave outside the span) and fill the
  gaps the taggers left: a taught name never cuts an entity the model or the
  rules found (a taught "برشلونة" must not cut "نادي برشلونة الرياضي"); it
  only relabels one of exactly its extent (the project's convention for that
  very string). The names reach the taggers as gazetteer evidence too, which
  is where they change the model's own decisions;
* in sentences where no quote was found, a learnt reporting cue followed by
  أن/إن/بأن yields an indirect quote (the clause) and its speaker (the words
  between cue and complementiser), and a cue followed by «…» a direct quote.

It reads only the plain lists that ``learn_lexicon.write_lexicon`` put in the
model directory, so a version without them behaves exactly like the shipped model.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..arabic import fold as normalise
from ..document import ATTRIBUTION, ENTITY, Document
from ..evaluation.matching import trim
from ..learning.learn_lexicon import COMPLEMENTISER, WORD, cue_key, read_lexicon
from .precedence import Precedence

__all__ = ["LearntStage"]

_PROCLITIC = re.compile(r"^[وفبكل]{1,2}")
_OPEN_CLOSE = {"«": "»", "“": "”", '"': '"'}
MAX_SPEAKER_WORDS = 7


class LearntStage:
    name = "learnt"

    def __init__(self, names: dict[str, str], cues: set[str]):
        self.names = names  # normalised name -> label
        self.longest = max((n.count(" ") + 1 for n in names), default=1)
        self.cues = cues

    def __call__(self, doc: Document) -> None:
        if self.names:
            self._names(doc)
        if self.cues:
            self._quotes(doc)

    # -- names ---------------------------------------------------------------------------------
    def _names(self, doc: Document) -> None:
        view = doc.normalised
        found_by_model = [(s.start, s.end) for s in doc.spans_of(ENTITY)]
        words = [(m.start(), m.end()) for m in WORD.finditer(view.text)]
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                found = self._lookup(view.text[start:end])
                if found is not None:
                    offset, label = found
                    s, e = view.to_original(start + offset, end)
                    overlapping = [f for f in found_by_model if s < f[1] and f[0] < e]
                    if all(f == (s, e) for f in overlapping):
                        doc.add_span(s, e, label, ENTITY, 0.95, "learnt.gazetteer", priority=Precedence.LEARNT)
                    i += n
                    break
            else:
                i += 1

    def _lookup(self, phrase: str):
        if phrase in self.names:
            return 0, self.names[phrase]
        prefix = _PROCLITIC.match(phrase)
        if prefix:
            for k in range(len(prefix.group()), 0, -1):
                rest = phrase[k:]
                if rest in self.names:
                    return k, self.names[rest]
        return None

    # -- quotes --------------------------------------------------------------------------------
    def _is_cue(self, word: str) -> bool:
        return cue_key(word) in self.cues

    def _quotes(self, doc: Document) -> None:
        text = doc.text
        taken = [(s.start, s.end) for s in doc.spans_of(ATTRIBUTION, "QUOTE")]
        for s_start, s_end in doc.sentences:
            if any(a < s_end and s_start < b for a, b in taken):
                continue
            words = [(m.start() + s_start, m.end() + s_start) for m in WORD.finditer(text[s_start:s_end])]
            for i, (w_start, w_end) in enumerate(words):
                if not self._is_cue(text[w_start:w_end]):
                    continue
                if self._quote_after(doc, words, i, s_end):
                    taken.append((w_start, s_end))
                    break

    def _quote_after(self, doc: Document, words, i: int, s_end: int) -> bool:
        text = doc.text
        cue_end = words[i][1]
        # direct: cue ... «quote»
        for open_mark, close_mark in _OPEN_CLOSE.items():
            o = text.find(open_mark, cue_end, s_end)
            if o < 0 or len(WORD.findall(text[cue_end:o])) > MAX_SPEAKER_WORDS:
                continue
            c = text.find(close_mark, o + 1, s_end + 1 if s_end < len(text) else s_end)
            if c < 0:
                c = text.find(close_mark, o + 1)
            if c > o + 1:
                q_start, q_end = trim(text, o + 1, c)
                if q_end > q_start:
                    quote = doc.add_span(q_start, q_end, "QUOTE", ATTRIBUTION, 0.6, "learnt.cue", kind="direct")
                    self._speaker(doc, cue_end, o, quote)
                    return True
        # indirect: cue [speaker] أن clause
        for j in range(i + 1, min(i + 2 + MAX_SPEAKER_WORDS, len(words))):
            if COMPLEMENTISER.match(normalise(text[words[j][0]:words[j][1]])):
                if j + 1 >= len(words):
                    return False
                q_start, q_end = trim(text, words[j + 1][0], s_end)
                if q_end - q_start < 5:
                    return False
                quote = doc.add_span(q_start, q_end, "QUOTE", ATTRIBUTION, 0.55, "learnt.cue", kind="indirect")
                self._speaker(doc, cue_end, words[j][0], quote)
                return True
        return False

    def _speaker(self, doc: Document, start: int, end: int, quote) -> None:
        """The words between cue and quote are the speaker, if there are any."""
        s, e = trim(doc.text, start, end)
        while e > s and doc.text[e - 1] in ":،,؛ ":
            e -= 1
        while s < e and doc.text[s] in ":،,؛ ":
            s += 1
        if e - s < 2 or not WORD.search(doc.text[s:e]):
            return
        speaker = doc.add_span(s, e, "SPEAKER", ATTRIBUTION, 0.55, "learnt.cue")
        doc.add_relation(speaker, quote, "said", 0.55)


def load_names(model_dir: Path) -> tuple[dict[str, str], set[str]]:
    lexicon = read_lexicon(model_dir)
    names: dict[str, str] = {}
    for label, entries in lexicon.names.items():
        for entry in entries:
            key = normalise(" ".join(entry.split()))
            if len(key) >= 3:  # two-letter names would fire everywhere
                names.setdefault(key, label)
    return names, {cue_key(c) for c in lexicon.cues}


def load(model_dir: Path, options: dict) -> LearntStage:
    names, cues = load_names(model_dir)
    return LearntStage(names, cues)

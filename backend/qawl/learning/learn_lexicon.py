"""What the attribution and entity stages can learn from gold as plain word lists.

* reporting cues: the word before a gold speaker, or between the speaker and
  its quote, kept when it recurs and when more than half of its occurrences in the gold
  texts are followed by a gold quote (so ``في`` or ``الذي`` never qualify);
* speaker titles: the first word of gold speaker spans that is not itself part
  of a name, when it recurs;
* names: gold entity strings with their majority label.

They are written into a model version directory as plain text files, in the
formats the stages' own lists use (``lexicons/reporting_verbs.txt`` as
``past | present | participle`` lines, ``gazetteers/<LABEL>.txt``,
``gazetteers/triggers/PER.txt``), so a stage that reads overlays from its
model directory picks them up; the ``learnt`` stage reads them too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..arabic import fold as normalise
from ..shipped import read_list
from ..gold_doc import ENTITY_LABELS, GoldDoc

__all__ = ["LearntLexicon", "learn_lexicon", "write_lexicon", "read_lexicon", "cue_key", "COMPLEMENTISER"]

WORD = re.compile(r"[\w\u0600-\u06ff]+")
COMPLEMENTISER = re.compile(r"^(?:و|ف)?(?:ب)?[اإأ]ن(?:ه|ها|هم|هما|هن|ني|نا|ك|كم)?$")
CUES_FILE = "lexicons/reporting_verbs.txt"
TITLES_FILE = "gazetteers/triggers/PER.txt"
HEADER = "# learnt from this project's annotations by qawl training\n"


def cue_key(word: str) -> str:
    """The form a cue is stored and looked up by: normalised, و/ف prefix and ت/وا/ا endings removed."""
    norm = normalise(word)
    if len(norm) >= 4 and norm[0] in "وف":
        norm = norm[1:]
    for ending in ("وا", "ت", "ا"):
        if norm.endswith(ending) and len(norm) - len(ending) >= 3:
            return norm[: -len(ending)]
    return norm


@dataclass
class LearntLexicon:
    cues: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)  # label -> surface names

    def summary(self) -> dict:
        return {"cues": len(self.cues), "titles": len(self.titles),
                "names": {label: len(v) for label, v in sorted(self.names.items())}}


HORIZON_WORDS = 8
_SENTENCE_BREAK = re.compile(r"[.!?؟\n]")


def _cue_candidate(text: str, speaker: tuple[int, int], quote: tuple[int, int], known: set[str]) -> str | None:
    """The one word most likely to be the reporting cue of a speaker–quote pair, unless a known cue explains it.

    Verb first (``جزم الوزير بأن …``): the word before the speaker. Speaker
    first (``الوزير جزم بأن …``): the first word between speaker and quote.
    """
    s_start, s_end = speaker
    before = _words(text, max(0, s_start - 40), s_start)
    if before and _SENTENCE_BREAK.search(text[before[-1][1]:s_start]):
        before = []
    between = _words(text, s_end, quote[0]) if s_end <= quote[0] else []
    between = [w for w in between if not COMPLEMENTISER.match(normalise(text[w[0]:w[1]]))][:3]
    nearby = before[-1:] + between
    if any(cue_key(text[a:b]) in known for a, b in nearby):
        return None
    pick = before[-1] if before else (between[0] if between else None)
    if pick is None:
        return None
    key = cue_key(text[pick[0]:pick[1]])
    return key if len(key) >= 3 and not COMPLEMENTISER.match(key) else None


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end])]


def learn_lexicon(docs: Sequence[GoldDoc], known_cues: set[str] = frozenset(), min_count: int = 2,
                  min_precision: float = 0.5) -> LearntLexicon:
    """Cues, titles and names from gold documents (see the module docstring for the rules)."""
    candidates: Counter = Counter()
    for doc in docs:
        seen_here: set[str] = set()
        for (s_start, s_end), (q_start, q_end) in doc.said:
            key = _cue_candidate(doc.text, (s_start, s_end), (q_start, q_end), known_cues)
            if key:
                seen_here.add(key)
        candidates.update(seen_here)

    # How often each candidate is followed by a gold quote within a few words, over all gold texts.
    hits: Counter = Counter()
    total: Counter = Counter()
    wanted = {c for c, n in candidates.items() if n >= min_count}
    for doc in docs:
        if not doc.has_attribution:
            continue
        words = _words(doc.text, 0, len(doc.text))
        quote_starts = sorted(q[0] for q in doc.quotes)
        for i, (start, end) in enumerate(words):
            key = cue_key(doc.text[start:end])
            if key not in wanted:
                continue
            total[key] += 1
            horizon = words[min(i + HORIZON_WORDS, len(words) - 1)][1]
            if any(end <= q <= horizon + 1 for q in quote_starts):
                hits[key] += 1
    cues = sorted(c for c in wanted if total[c] and hits[c] / total[c] > min_precision)

    titles: Counter = Counter()
    for doc in docs:
        for s_start, s_end in doc.speakers:
            first = _words(doc.text, s_start, s_end)[:1]
            if not first:
                continue
            start, end = first[0]
            in_name = any(e_start <= start < e_end for e_start, e_end, _ in doc.entities)
            if not in_name and len(normalise(doc.text[start:end])) >= 3:
                titles[doc.text[start:end]] += 1
    title_list = sorted({normalise(t) for t, n in titles.items() if n >= min_count})

    labels_of: dict[str, Counter] = defaultdict(Counter)
    surface: dict[str, str] = {}
    for doc in docs:
        for start, end, label in doc.entities:
            name = " ".join(doc.text[start:end].split())
            key = normalise(name)
            if len(key) >= 2:
                labels_of[key][label] += 1
                surface.setdefault(key, name)
    untagged = _untagged_occurrences(docs, set(labels_of))
    names: dict[str, list[str]] = {}
    for key, counts in labels_of.items():
        label, n = counts.most_common(1)[0]
        tagged = sum(counts.values())
        # A clear majority label, and tagged more often than left untagged in annotated text:
        # a word annotators also leave alone (فتح the party, فتح "opened") is left to the model.
        if n * 2 > tagged and untagged[key] < tagged:
            names.setdefault(label, []).append(surface[key])
    return LearntLexicon(cues, title_list, {k: sorted(v) for k, v in sorted(names.items())})


def _untagged_occurrences(docs: Sequence[GoldDoc], keys: set[str]) -> Counter:
    """How often each name occurs outside every entity span, in texts whose annotation has entities."""
    longest = max((k.count(" ") + 1 for k in keys), default=0)
    found: Counter = Counter()
    for doc in docs:
        if not doc.entities:
            continue  # an annotation without entities says nothing about names (partial annotation)
        words = _words(doc.text, 0, len(doc.text))
        for i in range(len(words)):
            for n in range(1, min(longest, len(words) - i) + 1):
                start, end = words[i][0], words[i + n - 1][1]
                key = normalise(" ".join(doc.text[start:end].split()))
                if key in keys and not any(s <= start and end <= e for s, e, _ in doc.entities):
                    found[key] += 1
    return found


def write_lexicon(lexicon: LearntLexicon, model_dir: Path) -> None:
    """Write the learnt lists into a (not yet published) model directory."""
    model_dir = Path(model_dir)
    _write(model_dir / CUES_FILE, [f"{cue} | - | -" for cue in lexicon.cues])
    _write(model_dir / TITLES_FILE, lexicon.titles)
    for label in ENTITY_LABELS:
        _write(model_dir / "gazetteers" / f"{label}.txt", lexicon.names.get(label, []))


def read_lexicon(model_dir: Path) -> LearntLexicon:
    """The learnt lists of a model directory (empty when it has none)."""
    model_dir = Path(model_dir)
    cues = [line.split("|", 1)[0].strip() for line in _read(model_dir / CUES_FILE)]
    names = {label: _read(model_dir / "gazetteers" / f"{label}.txt") for label in ENTITY_LABELS}
    return LearntLexicon([c for c in cues if c], _read(model_dir / TITLES_FILE),
                         {k: v for k, v in names.items() if v})


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")


def _read(path: Path) -> list[str]:
    return read_list(path.resolve()) if path.is_file() else []

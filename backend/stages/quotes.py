"""Quotes stage (first version): quote-mark pairing and a reporting-verb lexicon.

Direct quotes are the text between paired marks in a sentence that has a
reporting verb; indirect quotes are the clause after a reporting verb and
أن/إن/بأن up to the end of the sentence. The speaker is the noun phrase right
after the verb, or the previous speaker when the verb has none.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..document import ATTRIBUTION, Document, normalise
from ..pipeline import register_stage
from .lexicon import read_list

_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}


class RuleQuotes:
    name = "quotes"

    def __init__(self, verbs: list[str]):
        stems = sorted({normalise(v) for v in verbs}, key=len, reverse=True)
        alternatives = "|".join(re.escape(s) for s in stems)
        # و/ف prefix, optional feminine/plural ending or present prefix.
        self.verb = re.compile(rf"(?<![\w])[وف]?(?:ي|ت)?(?:{alternatives})(?:ت|وا)?(?![\w])")
        self.complementiser = re.compile(r"(?<![\w])(?:ب?ان|إن|ان)(?![\w])")

    def __call__(self, doc: Document) -> None:
        view = doc.normalised
        last_speaker = None
        for s_start, s_end in doc.sentences:
            sentence = doc.text[s_start:s_end]
            n_start, n_end = view.to_normalised(s_start), view.to_normalised(s_end)
            verb = self.verb.search(view.text, n_start, n_end)
            quotes = list(self._direct(doc, s_start, s_end)) if verb else []
            if verb and not quotes:
                clause = self._indirect(doc, view, verb.end(), n_end)
                if clause:
                    quotes.append(clause)
            if not quotes:
                continue
            speaker = self._speaker(doc, view, verb.end(), n_end, quotes[0].start) or last_speaker
            if speaker is not None and speaker is not last_speaker:
                last_speaker = speaker
            for quote in quotes:
                if speaker is not None:
                    doc.add_relation(speaker, quote, "said", min(speaker.score, quote.score))
            del sentence

    def _direct(self, doc: Document, start: int, end: int):
        text = doc.text
        i = start
        while i < end:
            ch = text[i]
            if ch in _PAIRS:
                close = text.find(_PAIRS[ch], i + 1, end)
                if close > i + 1:
                    inner_start, inner_end = _trim(text, i + 1, close)
                    if inner_end - inner_start > 0 and len(text[inner_start:inner_end].split()) >= 3:
                        yield doc.add_span(inner_start, inner_end, "QUOTE", ATTRIBUTION, 0.8, "quotes.direct",
                                           kind="direct")
                    i = close + 1
                    continue
            i += 1

    def _indirect(self, doc: Document, view, n_from: int, n_end: int):
        comp = self.complementiser.search(view.text, n_from, min(n_end, n_from + 80))
        if not comp:
            return None
        start, _ = view.to_original(comp.end(), comp.end() + 1)
        end = view.to_original(n_end - 1, n_end)[1]
        start, end = _trim(doc.text, start, end)
        if end - start < 5:
            return None
        return doc.add_span(start, end, "QUOTE", ATTRIBUTION, 0.5, "quotes.indirect", kind="indirect")

    def _speaker(self, doc: Document, view, n_from: int, n_end: int, limit: int):
        tail = view.text[n_from:n_end]
        match = re.match(r"\s+((?:[^\s:،,«\"“]+\s*){1,5}?)(?=\s*(?:[:،,«\"“]|\s(?:ب?ان|إن|ان)\s|$))", tail)
        if not match:
            return None
        start, end = view.to_original(n_from + match.start(1), n_from + match.end(1))
        start, end = _trim(doc.text, start, end)
        if end <= start or end > limit:
            return None
        return doc.add_span(start, end, "SPEAKER", ATTRIBUTION, 0.5, "quotes.speaker")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a range past whitespace, quote marks and final punctuation."""
    while start < end and (text[start].isspace() or text[start] in "«»“”\"'„"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "«»“”\"'„.،,:;؛"):
        end -= 1
    return start, end


@register_stage("quotes")
def _load(model_dir: Path, options: dict) -> RuleQuotes:
    return RuleQuotes(read_list("lexicons/reporting_verbs.txt"))

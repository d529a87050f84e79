"""Which reporting cues a project keeps: a cue whose quotes its annotators keep deleting is switched off.

Why: the quotes stage opens a quote at every listed reporting cue (``اعتبر``, ``أشار``, ``رأى`` …). A project
whose conventions leave some of them out, say opinions after ``اعتبر`` that it does not count as quotes, deletes
the same kind of prediction task after task, and a deleted prediction is an answer too: each annotation is
the whole truth of its text. Here the version's quotes stage runs over the project's gold texts; for each cue
whose quotes the annotators deleted at least ``MIN_GAIN`` times, the texts it fired in are run again without it,
and it goes off when that makes at least ``MIN_GAIN`` fewer quote errors (a quote kept by overlap is right, a
predicted one no gold quote overlaps and a gold one no prediction overlaps are errors). Only projects that
annotate quotes at all are judged: in one that never does, every prediction would look deleted.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from typing import Sequence

from ..document import Document
from ..evaluation.matching import match_spans, overlap_match
from ..gold_doc import GoldDoc
from ..stages.attribution.lexicon import without_cues
from ..stages.quotes import QuoteStage

__all__ = ["choose_cues", "stage_without", "MIN_GAIN"]

MIN_GAIN = 3  # deleted quotes a cue must have, and quote errors switching it off must save, over the gold


class _CueRecorder(QuoteStage):
    """The quotes stage, noting the cue lemma behind each quote it emits (None: no cue, e.g. a long quote)."""

    def __init__(self, stage: QuoteStage):
        super().__init__(stage.lex, stage.clause_ends)
        self.emitted: list[tuple[int, int, str | None]] = []

    def _emit(self, ctx, candidates) -> None:
        for cand in candidates:
            cue = ctx.cues[cand.cue] if cand.cue is not None else None
            self.emitted.append((cand.start, cand.end, cue.lemma if cue is not None else None))
        super()._emit(ctx, candidates)


def choose_cues(stage: QuoteStage, docs: Sequence[GoldDoc]) -> dict:
    """``{"off": [cue lemmas], "deleted": {lemma: [deleted, kept]}, "errors": {lemma: [with, without]}, "seconds": …}``
    for the version's quotes ``stage`` over the project's gold ``docs``."""
    started = time.perf_counter()
    if not any(doc.quotes for doc in docs):
        return {"off": [], "reason": "the project annotates no quotes", "seconds": _since(started)}
    deleted, kept = Counter(), Counter()
    fired_in: dict[str, list[GoldDoc]] = {}
    for doc in docs:
        recorder = _CueRecorder(stage)
        recorder(Document(doc.text))
        for start, end, lemma in recorder.emitted:
            if lemma is None:
                continue
            right = any(overlap_match(doc.text, (start, end), quote) for quote in doc.quotes)
            (kept if right else deleted)[lemma] += 1
            fired = fired_in.setdefault(lemma, [])
            if not fired or fired[-1] is not doc:
                fired.append(doc)
    errors: dict[str, list[int]] = {}
    for lemma in sorted(lemma for lemma, n in deleted.items() if n >= MIN_GAIN):
        without = stage_without(stage, [lemma])
        errors[lemma] = [sum(_quote_errors(s, doc) for doc in fired_in[lemma]) for s in (stage, without)]
    off = [lemma for lemma, (with_it, without_it) in errors.items() if with_it - without_it >= MIN_GAIN]
    return {"off": off, "deleted": {lemma: [n, kept[lemma]] for lemma, n in sorted(deleted.items())},
            "errors": errors, "seconds": _since(started)}


def stage_without(stage: QuoteStage, lemmas: Sequence[str]) -> QuoteStage:
    """``stage`` with the cues of ``lemmas`` switched off: what a version listing them off loads."""
    if not lemmas:
        return stage
    return QuoteStage(dataclasses.replace(stage.lex, cues=without_cues(stage.lex.cues, set(lemmas))),
                      stage.clause_ends)


def _quote_errors(stage: QuoteStage, doc: GoldDoc) -> int:
    """Predicted quotes no gold quote overlaps, plus gold quotes no prediction overlaps (paired one to one)."""
    tagged = Document(doc.text)
    stage(tagged)
    found = [(s.start, s.end) for s in tagged.spans if s.label == "QUOTE"]
    paired = len(match_spans(doc.text, list(doc.quotes), found, overlap_match))
    return len(found) + len(doc.quotes) - 2 * paired


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 2)

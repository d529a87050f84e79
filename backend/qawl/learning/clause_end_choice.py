"""Where a project's reported clauses end: a clause-end model learnt from its gold, kept only where it beats the rule.

Why: the quotes stage ends an indirect quote by a rule written to the guidelines (``، وهو ما`` returns to the
narrator, ``، وإن`` goes on). A project whose annotators end clauses elsewhere, say before ``، وذلك`` or
``، في حين``, would move the same quote ends task after task, and no list of cues can learn that. The stage can
instead ask a small model at each point where the clause may end (:mod:`qawl.stages.attribution.clause_end`,
trained by :mod:`.clause_ends`, with the rule's own answer among its features). On the guidelines' 52 articles
the rule beats such a model by cross-validation (README), so a version learns one only when the project's own
gold says so: k-fold by task, a model trained on the other folds must end at least ``MIN_GAIN`` more of the
held-out gold quotes exactly where the annotators ended them than the rule does. The model kept is then trained
on all of the project's quotes.
"""

from __future__ import annotations

import time
from typing import Sequence

from ..document import Document
from ..evaluation.matching import exact_match, match_spans
from ..gold_doc import GoldDoc
from ..stages.attribution.clause_end import ClauseEndModel
from ..stages.quotes import QuoteStage
from .clause_ends import clause_examples, train_clause_ends

__all__ = ["choose_clause_ends", "FOLDS", "MIN_GAIN"]

FOLDS = 5
MIN_GAIN = 2  # more gold quotes ended exactly, over the project's gold, needed to prefer a learnt model


def choose_clause_ends(stage: QuoteStage, docs: Sequence[GoldDoc]) -> tuple[ClauseEndModel | None, dict]:
    """A clause-end model learnt from the project's gold, or None when the base's way (``stage.clause_ends``:
    the rule, for the shipped model) should stay; and what decided it: ``{"kept": "learnt" | "base", "quotes": n,
    "exact": {"base": hits, "learnt": hits}, "seconds": …}``, hits counted over the held-out folds. ``stage``
    is the version's quotes stage (its lexicon holds the cues the project taught)."""
    started = time.perf_counter()
    texts = [(doc.text, [{"start": start, "end": end} for start, end in doc.quotes]) for doc in docs if doc.quotes]
    summary: dict = {"kept": "base", "quotes": sum(len(quotes) for _, quotes in texts)}
    if len(texts) < FOLDS:
        return None, {**summary, "reason": f"quotes in fewer than {FOLDS} tasks", "seconds": _since(started)}
    examples = [clause_examples(stage, [text]) for text in texts]
    hits = {"base": 0, "learnt": 0}
    for fold in range(FOLDS):
        taught = [e for i, found in enumerate(examples) if i % FOLDS != fold for e in found]
        learnt = QuoteStage(stage.lex, train_clause_ends(taught)) if taught else stage
        for text, quotes in texts[fold::FOLDS]:
            hits["base"] += _exact_hits(stage, text, quotes)
            hits["learnt"] += _exact_hits(learnt, text, quotes)
    summary["exact"] = hits
    if hits["learnt"] - hits["base"] < MIN_GAIN:
        return None, {**summary, "seconds": _since(started)}
    model = train_clause_ends([e for found in examples for e in found],
                              meta={"trained_on": "the project's gold", "tasks": len(texts), "cv": hits})
    return model, {**summary, "kept": "learnt", "seconds": _since(started)}


def _exact_hits(stage: QuoteStage, text: str, quotes: list[dict]) -> int:
    """How many of the gold quotes the stage finds with both ends where the annotator put them."""
    doc = Document(text)
    stage(doc)
    found = [(s.start, s.end) for s in doc.spans if s.label == "QUOTE"]
    return len(match_spans(text, [(q["start"], q["end"]) for q in quotes], found, exact_match))


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 2)

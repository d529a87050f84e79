"""Which entity rules a project keeps: a rule its annotators keep undoing is switched off in its versions.

Why: the entity rules encode the guidelines' settled cases and run after the taggers, so no adaptation of the
taggers can change what they do. A project whose conventions differ (one that never tags ``الجيش الإسرائيلي``,
say, as ANERcorp does not) would delete the same rule-made regions task after task. Here each rule is scored
on the project's gold: the base model annotates every gold text once up to the rules, then the rules run with
and without each one, and a rule goes off when leaving it out makes at least ``MIN_GAIN`` fewer entity errors
(exact span and label) than keeping it. A rule that changed nothing in a text cannot change its score there,
so only the texts it touched are run again. The promotion check judges the result with the rest of the recipe.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Sequence

from ..document import ENTITY, Document
from ..gold_doc import GoldDoc
from ..pipeline import Annotator, resolve_overlaps
from .gold_to_training import project_entity_labels

__all__ = ["choose_rules", "MIN_GAIN"]

MIN_GAIN = 3  # fewer entity errors over the project's gold needed to switch a rule off
RULES_STAGE = "entity_rules"


def choose_rules(base: Annotator, docs: Sequence[GoldDoc]) -> dict:
    """``{"off": [rule names], "errors": {rule: [errors with it, errors without it, texts it changed]},
    "seconds": …}`` for the base's entity rules on the gold texts that hold entities (``off`` empty when the
    base has no rules)."""
    started = time.perf_counter()
    names = [s.name for s in base.stages]
    if RULES_STAGE not in names:
        return {"off": [], "errors": {}, "seconds": 0.0}
    position = names.index(RULES_STAGE)
    rules_stage = base.stages[position]
    before = base.stages[:position]
    labels = project_entity_labels(docs)
    errors_with_all = 0
    saved = dict.fromkeys(rules_stage.rules, 0)  # errors a rule's absence saves (negative: it costs)
    touched = dict.fromkeys(rules_stage.rules, 0)
    for gold in docs:
        if not gold.entities:
            continue
        truth = {span for span in gold.entities if span[2] in labels}
        tagged = Document(gold.text)
        for stage in before:
            stage(tagged)
        words = rules_stage.read_words(tagged)
        with_all, changed_by = _run(rules_stage, tagged, words, labels, skip=None)
        errors = len(truth ^ with_all)
        errors_with_all += errors
        for name in changed_by:  # a rule that left this text alone gives the same result without it
            without, _ = _run(rules_stage, tagged, words, labels, skip=name)
            saved[name] += errors - len(truth ^ without)
            touched[name] += 1
    counts = {name: [errors_with_all, errors_with_all - saved[name], touched[name]] for name in rules_stage.rules}
    off = [name for name in rules_stage.rules if saved[name] >= MIN_GAIN]
    return {"off": off, "errors": counts, "seconds": round(time.perf_counter() - started, 2)}


def _run(rules_stage, tagged: Document, words, labels: set[str], skip: str | None) -> tuple[set, set[str]]:
    """The entity regions of the project's ``labels`` after the rules (all, or all but ``skip``) on a copy of
    ``tagged``, and the names of the rules that changed any region."""
    doc = Document(tagged.text)  # the rules read its words from ``words``, made once for the text
    doc.spans = [dataclasses.replace(s, attrs=dict(s.attrs)) for s in tagged.spans_of(ENTITY)]
    changed: set[str] = set()
    rules_stage.apply(doc, words, skip=skip, changed=changed)
    resolve_overlaps(doc)
    return {(s.start, s.end, s.label) for s in doc.spans_of(ENTITY) if s.label in labels}, changed

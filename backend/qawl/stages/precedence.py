"""Which stage's span wins where spans of one label group overlap (:func:`qawl.pipeline.resolve_overlaps`).

A span's ``priority`` is its stage's rank here and decides first; its ``score``, the
confidence shown on its region, only orders spans of the same rank.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Precedence"]


class Precedence(IntEnum):
    # The tagger and the quote finders: statistical guesses, the most confident first. It is
    # Span.priority's default, so a stage that sets no priority ranks here.
    MODEL = 0
    # entity_rules: the guidelines' settled cases, which the tagger's training data rarely shows,
    # so they overrule it however sure it is (the rules also remove the tagger spans they replace).
    RULES = 1
    # Names this project's annotators marked (the learnt stage): their own decision, above any
    # general rule.
    LEARNT = 2

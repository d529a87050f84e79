"""Entity rules: bring the tagger's entity spans in line with the annotation guidelines.

ANERcorp (2007 wire text) rarely shows constructions recent news is full of, so after
the ``entities`` stage these rules apply the guidelines' settled cases, in this order
(one module each; what they share is in :mod:`.base`, their word lists in
``backend/qawl/resources/entity_rules``):

drop (nationalities, peoples, anaphoric nouns alone), trim (generic descriptors),
clubs, venues, regions (``ريف دمشق``), families (``آل``), phrases (head noun + nationality or
name words), titles (quoted names), currencies, groups (``الحوثيين``), hashtags, joined (``بي.إن.بي
باريبا``, ``كيم جونغ-أون``).

The stage itself, which runs them, is :mod:`.stage`.
"""

from .base import Word
from .lexicon import RuleLexicon
from .stage import EntityRules

__all__ = ["EntityRules", "RuleLexicon", "Word"]

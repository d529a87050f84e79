"""Rule stage that brings the CRF's entity spans in line with the annotation guidelines.

Importing the package registers the ``entity_rules`` stage (see :mod:`.stage`).
"""

from .lexicon import RuleLexicon
from .stage import EntityRules, Word

__all__ = ["EntityRules", "RuleLexicon", "Word"]

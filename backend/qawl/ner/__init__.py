"""qawl's Arabic named-entity recogniser: a CRF with clitic segmentation, gazetteers and word clusters.

Public entry points: :func:`train_entity_model` and :func:`documents_to_sentences`
(training, including from Label Studio gold), :func:`read_conll`, and
:class:`EntityTagger` (prediction with clitic-exact character spans).
"""

from .conll import read_conll, split_dev, write_conll
from .features import FeatureExtractor
from .tagger import Entity, EntityTagger
from .train import documents_to_sentences, train_entity_model

__all__ = ["Entity", "EntityTagger", "FeatureExtractor", "documents_to_sentences", "read_conll", "split_dev",
           "train_entity_model", "write_conll"]

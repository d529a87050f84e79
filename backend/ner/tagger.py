"""The entity tagger: CRF over each sentence of a Document, then character spans.

One object per model, loaded once: the crfsuite model file, the gazetteers,
triggers and clusters. ``tag_document`` returns labelled character spans
with a confidence (the mean marginal probability of the entity's tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pycrfsuite

from ..document import Document, Token
from .align import tags_to_spans
from .consistency import ArticleSegmenter, complete_names, inner_name_words, propagate, relabel
from .features import FeatureExtractor


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    score: float
    source: str = "crf"


class EntityTagger:
    """Tags Documents with a trained CRF."""

    def __init__(self, model_path: Path | str, features: FeatureExtractor, consistency: bool = True):
        self.model_path = Path(model_path)
        self.features = features
        self.consistency = consistency
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.model_path))

    @classmethod
    def load(cls, model_dir: Path | str, model_file: str = "entities.crfsuite", clusters_file: str = "clusters.tsv",
             consistency: bool = True) -> "EntityTagger":
        model_dir = Path(model_dir)
        return cls(model_dir / model_file, FeatureExtractor.from_model_dir(model_dir, clusters_file), consistency)

    def tag_tokens(self, tokens: Sequence[str]) -> tuple[list[str], list[float]]:
        """Tags and the marginal probability of each tag, for one sentence of token strings."""
        if not tokens:
            return [], []
        tagger = self._tagger
        tags = tagger.tag(self.features.sentence(list(tokens)))
        probs = [tagger.marginal(tag, i) if tag != "O" else 1.0 for i, tag in enumerate(tags)]
        return tags, probs

    @staticmethod
    def sentences_of(doc: Document) -> list[list[Token]]:
        """The Document's tokens grouped by its sentences."""
        groups: list[list[Token]] = []
        tokens = doc.tokens
        i = 0
        for _, sent_end in doc.sentences:
            group = []
            while i < len(tokens) and tokens[i].start < sent_end:
                group.append(tokens[i])
                i += 1
            if group:
                groups.append(group)
        if i < len(tokens):
            groups.append(list(tokens[i:]))
        return groups

    def tag_document(self, doc: Document) -> list[Entity]:
        sentences = self.sentences_of(doc)
        tagged = [self.tag_tokens([t.text for t in sentence]) for sentence in sentences]
        segmenter = self.features.segmenter
        if self.consistency:
            names = inner_name_words(sentences, tagged, self.features)
            complete_names(sentences, tagged, self.features, whole=names)
            relabel(sentences, tagged, self.features, whole=names)
            propagate(sentences, tagged, self.features, whole=names)
            if names:
                segmenter = ArticleSegmenter(segmenter, names)
        entities: list[Entity] = []
        for sentence, (tags, probs) in zip(sentences, tagged):
            for start, end, label, first, last in tags_to_spans(sentence, tags, segmenter):
                score = sum(probs[first:last]) / (last - first)
                entities.append(Entity(start, end, label, round(score, 4)))
        return entities

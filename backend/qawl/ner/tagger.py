"""The entity tagger: CRF over each sentence of a Document, then character spans.

One object per model, loaded once: the weights of the crfsuite model file,
the gazetteers, triggers and clusters. ``tag_document`` returns labelled
character spans with a confidence (the mean marginal probability of the
entity's tags). Tagging does not go through python-crfsuite: the weights are
read into arrays (:mod:`.crfsuite_file`), summed per word
(:mod:`.state_scores`) and decoded for all sentences at once (:mod:`.decode`),
with the same tags and marginals crfsuite gives, more than twice as fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..document import Document, Token
from ..shipped import SHIPPED_MODEL_DIR
from .align import tags_to_spans
from .consistency import ArticleSegmenter, complete_names, inner_name_words, propagate, relabel
from .crf_adapt import adapted_path, with_adaptation
from .crfsuite_file import read_crf_weights
from .decode import viterbi_with_marginals, warm_up
from .features import FeatureExtractor
from .neural import NeuralTagger
from .state_scores import StateScorer


# Tokens of one sentence as the taggers read it. News sentences stay far below it (173 tokens at most in 3,000
# news_raw articles); a text without sentence ends is cut into pieces this long, or the BiLSTM would run one step
# per token of the whole text (100,000 steps for 200,000 characters of «قال»).
MAX_SENTENCE_TOKENS = 200
CUT_REACH = 50  # tokens back from the limit within which a piece ends after punctuation rather than mid-phrase


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    score: float
    source: str = "crf"


class EntityTagger:
    """Tags Documents with a trained CRF."""

    def __init__(self, model_path: Path | str, features: FeatureExtractor, consistency: bool = True,
                 neural: NeuralTagger | None = None):
        self.model_path = Path(model_path)
        self.features = features
        self.consistency = consistency
        # a project's version keeps its CRF's adaptation to the gold beside the crfsuite file
        self.weights = with_adaptation(read_crf_weights(self.model_path), adapted_path(self.model_path))
        self._scorer = StateScorer(self.weights, features)
        self.neural = neural
        if neural is not None:  # its label ids, in the CRF's label order
            self._neural_labels, self._neural_pairs = neural.aligned(self.weights.labels)
        warm_up()

    @classmethod
    def load(cls, model_dir: Path | str, model_file: str = "entities.crfsuite", clusters_file: str = "clusters.tsv",
             consistency: bool = True, neural: bool = True, neural_weight: float | None = None) -> "EntityTagger":
        """The CRF of ``model_dir``, with the neural tagger of ``model_dir`` (else the shipped one) added to
        it unless ``neural`` is false; ``neural_weight`` replaces the weight of its scores that its header
        gives (to compare weights on kept models)."""
        model_dir = Path(model_dir)
        network = None
        if neural:
            network = NeuralTagger.load(model_dir) or NeuralTagger.load(SHIPPED_MODEL_DIR)
            if network is not None and neural_weight is not None:
                network.weight = float(neural_weight)
        return cls(model_dir / model_file, FeatureExtractor.from_model_dir(model_dir, clusters_file), consistency,
                   network)

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[tuple[list[str], list[float]]]:
        """Tags, and the marginal probability of each tag (1.0 for ``O``), for each sentence of token strings."""
        labels = self.weights.labels
        nonempty = [list(tokens) for tokens in sentences if tokens]
        if not nonempty:  # a text of spaces, newlines or nothing
            return [([], []) for _ in sentences]
        layouts = [self.features.layout(tokens) for tokens in nonempty]
        scores = self._scorer.batch_scores(nonempty, layouts)
        transitions = self.weights.transitions
        if self.neural is not None:  # the ensemble: one Viterbi over the sum of both models' scores
            weight = self.neural.weight
            scores = scores + weight * self.neural.emissions(nonempty, self.features, layouts)[:, self._neural_labels]
            transitions = transitions + weight * self.neural.transitions[self._neural_pairs]
        decoded = iter(viterbi_with_marginals(scores, [len(tokens) for tokens in nonempty], transitions))
        out = []
        for tokens in sentences:
            if not tokens:
                out.append(([], []))
                continue
            path, marginals = next(decoded)
            tags = [labels[y] for y in path]
            out.append((tags, [p if tag != "O" else 1.0 for tag, p in zip(tags, marginals)]))
        return out

    def tag_tokens(self, tokens: Sequence[str]) -> tuple[list[str], list[float]]:
        """Tags and the marginal probability of each tag, for one sentence of token strings."""
        return self.tag_sentences([tokens])[0]

    @staticmethod
    def sentences_of(doc: Document) -> list[list[Token]]:
        """The Document's tokens grouped by its sentences, none longer than :data:`MAX_SENTENCE_TOKENS`."""
        groups: list[list[Token]] = []
        tokens = doc.tokens
        i = 0
        for _, sent_end in doc.sentences:
            group = []
            while i < len(tokens) and tokens[i].start < sent_end:
                group.append(tokens[i])
                i += 1
            groups += _pieces(group)
        groups += _pieces(list(tokens[i:]))
        return groups

    def tag_document(self, doc: Document) -> list[Entity]:
        sentences = self.sentences_of(doc)
        tagged = self.tag_sentences([[t.text for t in sentence] for sentence in sentences])
        segmenter = self.features.segmenter
        if self.consistency:
            names = inner_name_words(sentences, tagged, self.features)
            complete_names(sentences, tagged, self.features, whole=names)
            relabel(sentences, tagged, self.features, whole=names)
            propagate(sentences, tagged, self.features, whole=names)
            if names:
                segmenter = ArticleSegmenter(segmenter, names)
        entities: list[Entity] = []
        listed = self.features.gazetteer.names  # several-word names keep their first letters
        for sentence, (tags, probs) in zip(sentences, tagged):
            for start, end, label, first, last in tags_to_spans(sentence, tags, segmenter, listed):
                score = sum(probs[first:last]) / (last - first)
                entities.append(Entity(start, end, label, round(score, 4)))
        return entities


def _pieces(sentence: list[Token]) -> list[list[Token]]:
    """``sentence`` cut into pieces of at most :data:`MAX_SENTENCE_TOKENS`, each ending after the last
    punctuation token within :data:`CUT_REACH` of the limit where there is one; no empty piece."""
    pieces = []
    while len(sentence) > MAX_SENTENCE_TOKENS:
        cut = next((k + 1 for k in range(MAX_SENTENCE_TOKENS - 1, MAX_SENTENCE_TOKENS - 1 - CUT_REACH, -1)
                    if not any(c.isalnum() for c in sentence[k].text)), MAX_SENTENCE_TOKENS)
        pieces.append(sentence[:cut])
        sentence = sentence[cut:]
    return pieces + [sentence] if sentence else pieces

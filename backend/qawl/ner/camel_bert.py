"""Optional entity path: CAMeL Tools' BERT NER, its word tags aligned to characters.

Selected by the entities stage's options ``backend: camel`` and
``camel_model`` (a model directory, e.g. the ``ner/arabert`` folder a user
downloaded with ``camel_data``); the server and the commands fill them from
``QAWL_NER`` and ``QAWL_CAMEL_NER_MODEL`` through ``Settings.stage_options``.
Nothing here is imported unless selected.

``import camel_tools.ner`` imports ``camel_tools.data``, which downloads the
data catalogue at import time when no local catalogue exists. So
``camel_tools.ner.NERecognizer`` is used only when a catalogue is present
(``<camel_data>/catalogue.json``, the option ``camel_data`` being what
``CAMELTOOLS_DATA`` says, else ``~/.camel_tools/catalogue.json``; ``camel_data``
leaves one behind); otherwise the same model is run with
transformers directly, the way NERecognizer runs it (BERT word pieces, the
first piece's label for the word, labels from the model's ``id2label``).
Either way the word tags go through the CRF path's alignment, so spans follow
the same clitic rule.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Sequence

from ..document import ENTITY, Document
from ..shipped import SHIPPED_MODEL_DIR
from .align import tags_to_spans
from .conll import normalise_tag, repair_iob
from .features import FeatureExtractor

log = logging.getLogger(__name__)

Predictor = Callable[[list[list[str]]], list[list[str]]]
MAX_WORDS = 200  # NERecognizer truncates at 256 word pieces; long sentences are cut into windows


def camel_catalogue_present(camel_data: Path | str | None = None) -> bool:
    """Would ``import camel_tools.data`` find a local catalogue (and so not download)?

    ``camel_data`` is CAMeL Tools' data directory (what ``CAMELTOOLS_DATA`` names);
    without it, CAMeL Tools' default ``~/.camel_tools``.
    """
    root = Path(camel_data).expanduser() if camel_data else Path.home() / ".camel_tools"
    return (root / "catalogue.json").exists()


def camel_predictor(model_path: Path) -> Predictor:
    """``NERecognizer(model_path).predict``; import it only when its catalogue is local.

    camel_tools finds its data directory through ``CAMELTOOLS_DATA`` itself; the ``camel_data``
    option is that same directory, as the settings read it, so the catalogue checked is the one it loads.
    """
    from camel_tools.ner import NERecognizer

    recognizer = NERecognizer(str(model_path), use_gpu=False)
    return recognizer.predict


def transformers_predictor(model_path: Path) -> Predictor:
    """The same model run with transformers: first word piece's label for each word."""
    import torch
    from transformers import BertForTokenClassification, BertTokenizer

    model = BertForTokenClassification.from_pretrained(str(model_path))
    tokenizer = BertTokenizer.from_pretrained(str(model_path))
    model.eval()
    id2label = model.config.id2label

    def predict(sentences: list[list[str]]) -> list[list[str]]:
        out = []
        for words in sentences:
            ids, firsts = [tokenizer.cls_token_id], []
            for word in words:
                pieces = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(word)) or [tokenizer.unk_token_id]
                firsts.append(len(ids))
                ids.extend(pieces)
            ids = ids[:511] + [tokenizer.sep_token_id]
            with torch.no_grad():
                logits = model(input_ids=torch.tensor([ids]))[0][0]
            best = logits.argmax(-1).tolist()
            out.append([id2label[best[f]] if f < len(best) - 1 else "O" for f in firsts])
        return out

    return predict


class CamelEntities:
    """Entities stage backed by a BERT token classifier with CAMeL's tag set."""

    name = "entities"

    def __init__(self, predict: Predictor, features: FeatureExtractor, source: str = "camel-bert"):
        self.predict = predict
        self.features = features  # for the clitic segmenter (same word lists as the CRF path)
        self.source = source

    @classmethod
    def load(cls, model_path: Path | str, camel_data: Path | str | None = None) -> "CamelEntities":
        """The model in ``model_path``; ``camel_data`` is CAMeL Tools' data directory (option ``camel_data``)."""
        model_path = Path(model_path)
        if camel_catalogue_present(camel_data):
            predict, source = camel_predictor(model_path), "camel-bert"
        else:
            log.info("no CAMeL data catalogue: running %s with transformers directly", model_path)
            predict, source = transformers_predictor(model_path), "camel-bert-transformers"
        return cls(predict, FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR), source)

    def tag_sentences(self, sentences: Sequence[list[str]]) -> list[list[str]]:
        """IOB2 tags with qawl's labels for each sentence (long sentences in windows)."""
        windows, owners = [], []
        for index, words in enumerate(sentences):
            for start in range(0, len(words), MAX_WORDS):
                windows.append(list(words[start:start + MAX_WORDS]))
                owners.append(index)
        predicted = self.predict(windows) if windows else []
        tags: list[list[str]] = [[] for _ in sentences]
        for owner, window_tags in zip(owners, predicted):
            tags[owner].extend(window_tags)
        return [repair_iob([normalise_tag(t) for t in sentence_tags]) for sentence_tags in tags]

    def __call__(self, doc: Document) -> None:
        from .tagger import EntityTagger

        sentences = EntityTagger.sentences_of(doc)  # same sentence grouping as the CRF path
        all_tags = self.tag_sentences([[t.text for t in s] for s in sentences])
        for sentence, tags in zip(sentences, all_tags):
            for start, end, label, _, _ in tags_to_spans(sentence, tags, self.features.segmenter):
                doc.add_span(start, end, label, ENTITY, 0.9, self.source)

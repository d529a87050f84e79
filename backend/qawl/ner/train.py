"""Training the entity CRF, from CoNLL sentences and from character-span documents.

``train_entity_model`` is the one entry point: ANERcorp sentences and gold
annotations exported from Label Studio (turned into token sentences by
``documents_to_sentences``) go through it alike. Training is deterministic:
same sentences, same resources, same model file.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Iterable, Sequence

import pycrfsuite

from ..document import Document
from .align import spans_to_tags
from .conll import Sentence
from .crf_adapt import adapted_path
from .features import FeatureExtractor

log = logging.getLogger(__name__)

DEFAULT_PARAMS = {
    "c1": 0.05,
    "c2": 0.1,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}

CharSpan = tuple[int, int, str]

# The recent-news entity gold the shipped neural tagger is adapted to, under the data directory:
# (folder, articles file, gold file). The same 38 articles the recent-news figures are measured on,
# by cross-validation over articles (benchmarks/recent_news_entities.py --cv).
RECENT_NEWS_GOLD = (("entities_dev", "articles.jsonl", "gold.jsonl"), ("news_gold", "articles.jsonl", "entities.jsonl"))


def train_entity_model(sentences: Sequence[Sentence], out_path: Path | str, features: FeatureExtractor,
                       weights: Sequence[float] | None = None, params: dict | None = None) -> dict:
    """Train a CRF on ``(token, tag)`` sentences and write it to ``out_path`` (crfsuite format).

    ``weights`` (one per sentence, default 1) count how many times a sentence
    is shown to the trainer — crfsuite has no instance weights, so a weight of
    3 repeats the sentence three times and 0 leaves it out; fractions are
    rounded. Returns a summary (sentences, tokens, seconds, last iteration log).
    """
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False, algorithm="lbfgs")
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    shown = tokens = 0
    for index, sentence in enumerate(sentences):
        repeat = 1 if weights is None else int(round(weights[index]))
        if repeat <= 0 or not sentence:
            continue
        xseq = features.sentence([w for w, _ in sentence])
        yseq = [t for _, t in sentence]
        for _ in range(repeat):
            trainer.append(xseq, yseq)
            shown += 1
            tokens += len(sentence)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then moved over it: readers never see a missing or partial file.
    partial = out_path.with_name(out_path.name + ".partial")
    if partial.exists():
        partial.unlink()
    trainer.train(str(partial))
    os.replace(partial, out_path)
    # an adaptation beside the file was made from the weights just replaced: it would corrupt the new ones
    adapted_path(out_path).unlink(missing_ok=True)
    summary = {"sentences": shown, "tokens": tokens, "seconds": round(time.perf_counter() - started, 1),
               "iterations": len(trainer.logparser.iterations)}
    log.info("trained %s: %s", out_path, summary)
    return summary


def gold_documents(articles: Path | str, gold: Path | str) -> list[tuple[str, str, list[CharSpan]]]:
    """``(id, text, entity spans)`` of each article of an articles JSONL file and its entity gold JSONL file."""
    from ..evaluation.gold_files import load_gold

    return [(article["id"], article["text"], [(e["start"], e["end"], e["label"]) for e in record["entities"]])
            for article, record in load_gold(articles, gold, "entities")]


def recent_news_sentences(data_dir: Path) -> list[Sentence]:
    """The recent-news entity gold (:data:`RECENT_NEWS_GOLD` under ``data_dir``) as tagger sentences: what the
    shipped neural tagger is adapted to, and what a project's adaptation replays so it does not forget it.
    Empty when the data is not there."""
    documents = []
    for folder, articles, gold in RECENT_NEWS_GOLD:
        if (data_dir / folder / gold).is_file():
            documents += [(text, spans) for _, text, spans in gold_documents(data_dir / folder / articles,
                                                                            data_dir / folder / gold)]
    return documents_to_sentences(documents)


def documents_to_sentences(documents: Iterable[tuple[str, Sequence[CharSpan]]]) -> list[Sentence]:
    """Token sentences with IOB2 tags from ``(text, [(start, end, label), ...])`` documents.

    Tokens come from ``Document.tokens`` (the tagger's own tokens) and are
    tagged whole, clitics included, as ANERcorp tags them: a token is inside an
    entity when it overlaps the entity's characters.
    """
    sentences: list[Sentence] = []
    for text, spans in documents:
        doc = Document(text)
        for sent_start, sent_end in doc.sentences:
            tokens = [t for t in doc.tokens if sent_start <= t.start < sent_end]
            if tokens:
                tags = spans_to_tags(tokens, spans)
                sentences.append([(t.text, tag) for t, tag in zip(tokens, tags)])
    return sentences

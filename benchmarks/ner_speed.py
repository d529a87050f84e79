"""Speed of the entities stage on unlabelled news (one core).

Run: ``.venv/bin/python benchmarks/ner_speed.py [--articles N] [--compare-crfsuite]``.
Loads the shipped entities stage, then tags the first N articles of
``news_raw`` (default 400): feature extraction, CRF decoding, marginals,
document consistency and character alignment are all timed; the word
feature cache starts cold. Tokenisation and sentence splitting (Document
work shared with other stages) are done before the clock starts and timed
separately. The same articles are then tagged a second time, with the word
caches warm, as a long-running server's are.

``--compare-crfsuite`` also times the tagging core alone (features, tags and
marginals of every sentence, each from a cold start) two ways, back to back:
qawl's path (:meth:`EntityTagger.tag_sentences`) and python-crfsuite's
``Tagger`` over :meth:`FeatureExtractor.sentence`'s feature lists, the way
qawl tagged before, and checks that both give the same tags.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time

from qawl.document import Document
from qawl.settings import shared_data_dir
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.registry import FACTORIES as STAGES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--compare-crfsuite", action="store_true",
                        help="also time the tagging core against python-crfsuite's tagger")
    args = parser.parse_args()
    path = shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"
    if not path.exists():
        print(f"no news_raw data at {path}")
        return 1
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= args.articles:
                break
    started = time.perf_counter()
    stage = STAGES["entities"](SHIPPED_MODEL_DIR, {})
    load_seconds = time.perf_counter() - started

    docs, prep_seconds, tag_seconds = timed_stage(stage, texts)
    tokens = sum(len(d.tokens) for d in docs)
    entities = sum(len(d.spans) for d in docs)
    print(f"{len(docs)} articles, {tokens} tokens, {entities} entities; stage loaded in {load_seconds:.2f} s")
    print(f"entities stage: {tokens / tag_seconds:,.0f} tokens/s ({tag_seconds:.2f} s, features included)")
    print(f"with tokenisation and sentence splitting: {tokens / (tag_seconds + prep_seconds):,.0f} tokens/s")
    # The same articles again: a long-running server's word caches know the words.
    _, _, warm_seconds = timed_stage(stage, texts)
    print(f"entities stage again, word caches warm: {tokens / warm_seconds:,.0f} tokens/s")
    if args.compare_crfsuite:
        compare_crfsuite(docs, tokens)
    return 0


def timed_stage(stage, texts):
    """Documents of ``texts`` run through ``stage``; seconds spent preparing them and in the stage.

    Tokenisation and sentence splitting are Document work that other stages
    share, so they are timed apart from the stage itself.
    """
    started = time.perf_counter()
    docs = [Document(t) for t in texts]
    for d in docs:  # the lazy tokens and sentences are computed here, outside the stage's time
        _ = d.tokens, d.sentences
    prep_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for d in docs:
        stage(d)
    return docs, prep_seconds, time.perf_counter() - started


def compare_crfsuite(docs, tokens: int) -> None:
    import pycrfsuite

    from qawl.ner.features import FeatureExtractor
    from qawl.ner.tagger import EntityTagger

    sentences = [[[t.text for t in s] for s in EntityTagger.sentences_of(d)] for d in docs]
    qawl = EntityTagger.load(SHIPPED_MODEL_DIR)  # fresh word caches
    started = time.perf_counter()
    ours = [qawl.tag_sentences(article) for article in sentences]
    ours_seconds = time.perf_counter() - started

    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)  # fresh word caches
    tagger = pycrfsuite.Tagger()
    tagger.open(str(SHIPPED_MODEL_DIR / "entities.crfsuite"))
    started = time.perf_counter()
    theirs = []
    for article in sentences:
        tagged = []
        for sentence in article:
            tags = tagger.tag(features.sentence(sentence))
            tagged.append((tags, [tagger.marginal(tag, i) if tag != "O" else 1.0 for i, tag in enumerate(tags)]))
        theirs.append(tagged)
    theirs_seconds = time.perf_counter() - started
    same = all(a[0] == b[0] for x, y in zip(ours, theirs) for a, b in zip(x, y))
    print(f"tagging core, qawl's path: {tokens / ours_seconds:,.0f} tokens/s; python-crfsuite: "
          f"{tokens / theirs_seconds:,.0f} tokens/s ({theirs_seconds / ours_seconds:.2f}x); same tags: {same}")


if __name__ == "__main__":
    sys.exit(main())

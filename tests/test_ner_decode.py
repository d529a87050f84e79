"""The fast tagging path gives crfsuite's own answers: same weights, same scores, same tags and marginals."""

from __future__ import annotations

import itertools

import numpy as np
import pycrfsuite
import pytest

from qawl.ner.crfsuite_file import read_crf_weights
from qawl.ner.decode import viterbi_with_marginals
from qawl.ner.features import FeatureExtractor
from qawl.ner.rows import with_room
from qawl.ner.state_scores import StateScorer
from qawl.ner.tagger import EntityTagger
from qawl.ner.train import train_entity_model
from qawl.shipped import SHIPPED_MODEL_DIR

# Written for these tests: a sport sentence (topic features), a quoted programme name (quotation
# features), listed names (gazetteer features), a one-word and a two-word sentence, a word twice.
SENTENCES = [
    ["وقال", "وزير", "الخارجية", "الأردني", "أيمن", "الصفدي", "في", "عمان", "إن", "المحادثات", "مع",
     "الأمم", "المتحدة", "كانت", "مثمرة", "."],
    ["وسجل", "لاعب", "نادي", "الوداد", "البيضاوي", "هدفين", "في", "مرمى", "الرجاء", "خلال", "مباراة",
     "الدوري", "المغربي", "على", "ملعب", "محمد", "الخامس", "."],
    ["وعرضت", "قناة", "الجزيرة", "برنامج", "«", "الاتجاه", "المعاكس", "»", "مساء", "الثلاثاء", "."],
    ["بيروت"],
    ["السلام", "عليكم"],
    ["التقى", "الرئيس", "الرئيس", "في", "بغداد", "وبغداد", "جميلة", "."],
]


@pytest.fixture(scope="module")
def shipped():
    tagger = EntityTagger.load(SHIPPED_MODEL_DIR, neural=False)  # the CRF alone is what crfsuite runs
    reference = pycrfsuite.Tagger()
    reference.open(str(SHIPPED_MODEL_DIR / "entities.crfsuite"))
    return tagger, reference


def test_weights_are_read_exactly_as_crfsuite_stores_them(tmp_path):
    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    sentences = [[(w, "O") for w in SENTENCES[0]], [("زار", "O"), ("بيروت", "B-LOC"), ("أمس", "O")],
                 [("قال", "O"), ("سامي", "B-PER"), ("الخوري", "I-PER")]]
    path = tmp_path / "tiny.crfsuite"
    train_entity_model(sentences, path, features, params={"max_iterations": 20})
    weights = read_crf_weights(path)
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    info = reference.info()
    assert list(weights.labels) == reference.labels()
    for (attribute, label), weight in info.state_features.items():  # the dump rounds to 6 decimals
        assert weights.state[weights.attributes[attribute], weights.labels.index(label)] == pytest.approx(weight, abs=1e-6)
    for (source, target), weight in info.transitions.items():
        assert weights.transitions[weights.labels.index(source), weights.labels.index(target)] == pytest.approx(weight, abs=1e-6)
    assert not weights.state[weights.unknown].any()


def test_scores_equal_the_weights_summed_over_the_feature_strings(shipped):
    tagger, _ = shipped
    weights, features = tagger.weights, tagger.features
    scorer = StateScorer(weights, features)
    layouts = [features.layout(s) for s in SENTENCES]
    assert layouts[1].topic and any(layouts[2].quoted) and any(layouts[0].gazetteer)  # every kind of feature
    batch = scorer.batch_scores(SENTENCES, layouts)
    row = 0
    for sentence in SENTENCES:
        for i, feats in enumerate(features.sentence(sentence)):
            expected = sum((weights.state[weights.attributes.get(f, weights.unknown)] for f in feats),
                           np.zeros(len(weights.labels)))
            np.testing.assert_allclose(batch[row + i], expected, rtol=0, atol=1e-9)
        np.testing.assert_allclose(scorer.scores(sentence), batch[row:row + len(sentence)], rtol=0, atol=1e-9)
        row += len(sentence)


def test_tags_and_marginals_are_crfsuites(shipped):
    tagger, reference = shipped
    tagged = tagger.tag_sentences(SENTENCES + [[]])
    assert tagged[-1] == ([], [])
    for sentence, (tags, probs) in zip(SENTENCES, tagged):
        expected = reference.tag(tagger.features.sentence(sentence))
        assert tags == expected
        for i, (tag, prob) in enumerate(zip(tags, probs)):
            assert prob == pytest.approx(reference.marginal(tag, i) if tag != "O" else 1.0, abs=1e-9)
    assert ("B-ORG", "I-ORG") in {(a, b) for a, b in zip(tagged[0][0], tagged[0][0][1:])}  # الأمم المتحدة


def test_viterbi_and_marginals_match_brute_force():
    rng = np.random.default_rng(7)
    labels = 3
    transitions = rng.normal(size=(labels, labels))
    sentences = [rng.normal(size=(n, labels)) * 2 for n in (1, 2, 4, 5)]
    decoded = viterbi_with_marginals(np.concatenate(sentences), [len(s) for s in sentences], transitions)
    for scores, (path, marginals) in zip(sentences, decoded):
        n = len(scores)
        totals = {}
        for candidate in itertools.product(range(labels), repeat=n):
            totals[candidate] = sum(scores[t, y] for t, y in enumerate(candidate)) + sum(
                transitions[a, b] for a, b in zip(candidate, candidate[1:]))
        best = max(totals, key=totals.get)
        assert tuple(path) == best
        z = sum(np.exp(v) for v in totals.values())
        for t in range(n):
            expected = sum(np.exp(v) for c, v in totals.items() if c[t] == path[t]) / z
            assert marginals[t] == pytest.approx(expected, rel=1e-9)


def test_threads_sharing_a_tagger_get_the_answers_of_one(example_tasks, monkeypatch):
    """gunicorn threads share one tagger; its word store grows and starts again (here every few hundred words)."""
    from concurrent.futures import ThreadPoolExecutor

    from qawl import ner
    from qawl.document import Document

    texts = [task["data"]["text"] for task in example_tasks] * 4
    alone = EntityTagger.load(SHIPPED_MODEL_DIR)
    expected = [alone.tag_document(Document(t)) for t in texts]
    monkeypatch.setattr(ner.state_scores, "MAX_WORDS", 300)
    shared = EntityTagger.load(SHIPPED_MODEL_DIR)
    with ThreadPoolExecutor(8) as pool:
        for _ in range(3):
            assert list(pool.map(lambda t: shared.tag_document(Document(t)), texts)) == expected


def test_a_word_store_grows_by_doubling_up_to_its_cap_and_keeps_the_rows_in_use():
    rows = np.arange(8, dtype=np.float32).reshape(4, 2)
    assert with_room(rows, 4, 4) is rows  # room enough: no copy
    grown = with_room(rows, 3, 5)
    assert grown.shape == (8, 2) and grown.dtype == rows.dtype
    assert (grown[:3] == rows[:3]).all() and not grown[3:].any()  # the rows in use, and zeros
    assert len(with_room(rows, 4, 5, most=6)) == 6  # doubling stops at the cap
    assert len(with_room(rows, 4, 20, most=6)) == 20  # but never leaves out rows a batch needs

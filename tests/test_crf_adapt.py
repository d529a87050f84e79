"""The entity CRF adapted to a project's gold from the shipped weights (qawl.ner.crf_adapt): a taught name is
found in a new sentence, what the gold never showed keeps its weight, and the file applies exactly."""

from __future__ import annotations

import numpy as np
import pytest

from qawl.ner.crfsuite_file import read_crf_weights
from qawl.ner.decode import viterbi_with_marginals
from qawl.ner.features import FeatureExtractor
from qawl.ner.state_scores import StateScorer
from qawl.shipped import SHIPPED_MODEL_DIR

pytest.importorskip("torch", reason="adapting the CRF needs torch (train extra)")

from qawl.ner.crf_adapt import adapt_crf, with_adaptation  # noqa: E402

# A small club the shipped model does not know, taught as an organisation in three sentences.
TAUGHT = [
    [("أعلن", "O"), ("نادي", "O"), ("زغرتا", "B-ORG"), ("عن", "O"), ("ضم", "O"), ("لاعب", "O"), ("جديد", "O")],
    [("وفاز", "O"), ("زغرتا", "B-ORG"), ("على", "O"), ("منافسه", "O"), ("بهدفين", "O")],
    [("وقال", "O"), ("مدرب", "O"), ("زغرتا", "B-ORG"), ("إن", "O"), ("الفريق", "O"), ("جاهز", "O")],
]


@pytest.fixture(scope="module")
def shipped():
    return (read_crf_weights(SHIPPED_MODEL_DIR / "entities.crfsuite"),
            FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR))


def tags(weights, features, sentence: str) -> list[str]:
    words = sentence.split()
    path, _ = next(iter(viterbi_with_marginals(StateScorer(weights, features).scores(words), [len(words)],
                                               weights.transitions)))
    return [weights.labels[y] for y in path]


def test_a_taught_club_is_found_in_a_new_sentence_and_known_names_stay(shipped, tmp_path):
    weights, features = shipped
    unseen = "تعادل زغرتا مع ضيفه في الدوري"
    known = "قال الرئيس الفرنسي إيمانويل ماكرون في باريس"
    assert tags(weights, features, unseen)[1] == "O"
    summary = adapt_crf(weights, features, TAUGHT, tmp_path / "adapted.npz", prior=1.0)
    adapted = with_adaptation(weights, tmp_path / "adapted.npz")
    assert summary["sentences"] == 3 and summary["new_attributes"] > 0
    assert tags(adapted, features, unseen)[1] == "B-ORG"
    assert tags(adapted, features, known) == tags(weights, features, known) == \
        ["O", "O", "O", "B-PER", "I-PER", "O", "B-LOC"]


def test_only_features_of_the_gold_move_and_the_unknown_row_stays_last_and_zero(shipped, tmp_path):
    weights, features = shipped
    adapt_crf(weights, features, TAUGHT, tmp_path / "adapted.npz", prior=1.0)
    adapted = with_adaptation(weights, tmp_path / "adapted.npz")
    in_gold = {a for s in TAUGHT for token in features.sentence([w for w, _ in s]) for a in token}
    new = set(adapted.attributes) - set(weights.attributes)
    assert new and new <= in_gold
    assert adapted.unknown == len(adapted.attributes) and not adapted.state[adapted.unknown].any()
    untouched = [i for a, i in weights.attributes.items() if a not in in_gold]
    assert np.array_equal(adapted.state[untouched], weights.state[untouched])
    moved = [i for a, i in weights.attributes.items() if a in in_gold]
    assert not np.array_equal(adapted.state[moved], weights.state[moved])


def test_adapting_twice_writes_the_same_weights(shipped, tmp_path):
    weights, features = shipped
    for name in ("a.npz", "b.npz"):
        adapt_crf(weights, features, TAUGHT, tmp_path / name, prior=1.0)
    with np.load(tmp_path / "a.npz") as a, np.load(tmp_path / "b.npz") as b:
        assert a.files == b.files and all(np.array_equal(a[k], b[k]) for k in a.files)


def test_the_tagger_of_a_version_directory_reads_its_adaptation(shipped, tmp_path):
    import shutil

    from qawl.ner.crf_adapt import adapted_path
    from qawl.ner.tagger import EntityTagger

    weights, features = shipped
    for path in SHIPPED_MODEL_DIR.iterdir():
        if path.is_file():
            shutil.copy2(path, tmp_path / path.name)
    unseen = "تعادل زغرتا مع ضيفه في الدوري".split()
    assert EntityTagger.load(tmp_path, neural=False).tag_tokens(unseen)[0][1] == "O"
    adapt_crf(weights, features, TAUGHT, adapted_path(tmp_path / "entities.crfsuite"), prior=1.0)
    assert EntityTagger.load(tmp_path, neural=False).tag_tokens(unseen)[0][1] == "B-ORG"


# A second project's lesson, given to a model that learnt TAUGHT already: a company it does not know.
TAUGHT_NEXT = [
    [("وقعت", "O"), ("شركة", "O"), ("كوارتزيا", "B-ORG"), ("عقدا", "O"), ("مع", "O"), ("الحكومة", "O")],
    [("وأعلنت", "O"), ("كوارتزيا", "B-ORG"), ("أرباحها", "O"), ("السنوية", "O")],
    [("وقال", "O"), ("مدير", "O"), ("كوارتزيا", "B-ORG"), ("إن", "O"), ("الطلب", "O"), ("ارتفع", "O")],
]


def test_adapting_an_adapted_crf_keeps_what_it_learnt_in_one_file(shipped, tmp_path):
    # the shipped model's CRF carries an adaptation; a project's adaptation starts from it, and the file it
    # writes applies to the crfsuite weights alone, with both lessons in it
    weights, features = shipped
    adapt_crf(weights, features, TAUGHT, tmp_path / "first.npz", prior=1.0)
    first = with_adaptation(weights, tmp_path / "first.npz")
    adapt_crf(first, features, TAUGHT_NEXT, tmp_path / "second.npz", prior=1.0, applies_to=weights)
    second = with_adaptation(weights, tmp_path / "second.npz")
    assert tags(second, features, "تعادل زغرتا مع ضيفه في الدوري")[1] == "B-ORG"
    assert tags(second, features, "ارتفعت أسهم كوارتزيا في البورصة")[2] == "B-ORG"
    in_next = {a for s in TAUGHT_NEXT for token in features.sentence([w for w, _ in s]) for a in token}
    kept = [a for a in first.attributes if a not in in_next]
    assert set(first.attributes) < set(second.attributes)
    assert np.array_equal(second.state[[second.attributes[a] for a in kept]],
                          first.state[[first.attributes[a] for a in kept]])

"""A trained version directory's learnt gazetteers reach the entity stage's features."""

from __future__ import annotations

import shutil

from qawl.learning.learn_lexicon import LearntLexicon, write_lexicon
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.registry import FACTORIES as STAGES

NAME = "مجموعة الياسمين القابضة"
SENTENCE = ["وقعت", "مجموعة", "الياسمين", "القابضة", "عقدا", "جديدا"]


def _version_dir(tmp_path):
    version = tmp_path / "version"
    version.mkdir()
    shutil.copy(SHIPPED_MODEL_DIR / "entities.crfsuite", version / "entities.crfsuite")
    return version


def test_names_the_learning_loop_wrote_become_gazetteer_features(tmp_path):
    version = _version_dir(tmp_path)
    write_lexicon(LearntLexicon([], ["المدير"], {"ORG": [NAME]}), version)
    stage = STAGES["entities"](version, {})
    features = stage.tagger.features
    assert features.gazetteer.names.get("مجموعة الياسمين القابضة") == "ORG"
    assert features.triggers.get("المدير") == "PER"
    feats = features.sentence(SENTENCE)
    assert "g=B-ORG" in feats[1] and "g=I-ORG" in feats[3]
    # shipped names are still there
    assert features.gazetteer.names.get("الامم المتحدة") == "ORG"


def test_a_version_without_learnt_lists_reads_only_the_shipped_ones(tmp_path):
    stage = STAGES["entities"](_version_dir(tmp_path), {})
    assert "مجموعة الياسمين القابضة" not in stage.tagger.features.gazetteer.names
    assert "g=B-ORG" not in stage.tagger.features.sentence(SENTENCE)[1]

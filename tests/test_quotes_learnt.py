"""A trained model directory's learnt reporting cues reach the quotes stage itself."""

import shutil

from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR

SENTENCE = "وجزم الوزير السابق خالد العمري بأن الحكومة ستسقط قبل نهاية العام."


def labels(doc):
    return {(s.label, doc.text[s.start:s.end]) for s in doc.spans if s.group == "attribution"}


def test_a_learnt_cue_gives_quote_and_speaker(tmp_path):
    model = tmp_path / "version"
    shutil.copytree(SHIPPED_MODEL_DIR, model)
    assert not any(label == "QUOTE" for label, _ in labels(Annotator.load(model).annotate(SENTENCE)))

    (model / "lexicons").mkdir()
    (model / "lexicons" / "reporting_verbs.txt").write_text("# learnt\nجزم | - | -\n", encoding="utf-8")
    doc = Annotator.load(model).annotate(SENTENCE)
    assert ("QUOTE", "الحكومة ستسقط قبل نهاية العام") in labels(doc)
    assert ("SPEAKER", "الوزير السابق خالد العمري") in labels(doc)
    assert len(doc.relations) == 1

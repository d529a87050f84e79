"""The optional CAMeL BERT path, proven with a tiny random model built here (no download)."""

from __future__ import annotations

import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

CAMEL_LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]


def build_tiny_model(path, always: str) -> None:
    """A 1-layer BERT with a character vocabulary whose classifier always answers ``always``."""
    letters = sorted(set("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + letters + ["##" + ch for ch in letters] + [".", "،"]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=32, max_position_embeddings=512, num_labels=len(CAMEL_LABELS),
                                     id2label=dict(enumerate(CAMEL_LABELS)),
                                     label2id={l: i for i, l in enumerate(CAMEL_LABELS)})
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-10.0)
        model.classifier.bias[CAMEL_LABELS.index(always)] = 10.0
    model.save_pretrained(str(path))
    transformers.BertTokenizer(str(path / "vocab.txt"), do_lower_case=False).save_pretrained(str(path))


def test_camel_path_loads_the_model_and_aligns_words_to_characters(tmp_path):
    build_tiny_model(tmp_path, "B-LOC")
    (tmp_path / "model.json").write_text('{"version": "tiny", "stages": ["entities"]}', encoding="utf-8")
    from qawl.pipeline import Annotator

    # the options Settings.stage_options() gives for QAWL_NER, QAWL_CAMEL_NER_MODEL and CAMELTOOLS_DATA;
    # no catalogue in camel_data: transformers directly
    options = {"backend": "camel", "camel_model": str(tmp_path), "camel_data": str(tmp_path / "no-camel-data")}
    (stage,) = Annotator.load(tmp_path, stage_options={"entities": options}).stages
    assert stage.source == "camel-bert-transformers"
    from qawl.document import Document

    text = "زار وَسوريا وللعراق ثم بغداد."
    doc = Document(text)
    stage(doc)
    found = [text[s.start:s.end] for s in doc.spans]
    # every word is B-LOC, so every word is its own region, clitics stripped by the same rule as the CRF path
    assert found == ["زار", "سوريا", "لعراق", "ثم", "بغداد", "."]
    assert {s.label for s in doc.spans} == {"LOC"}


def test_camel_person_tags_become_per_and_inside_tags_join(tmp_path):
    from qawl.ner.camel_bert import CamelEntities
    from qawl.ner.features import FeatureExtractor
    from qawl.shipped import SHIPPED_MODEL_DIR

    stage = CamelEntities(lambda sentences: [["B-PERS", "I-PERS", "O"][:len(s)] for s in sentences],
                          FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR))
    assert stage.tag_sentences([["كوفي", "أنان", "قال"]]) == [["B-PER", "I-PER", "O"]]


def test_camel_tools_ner_imports_offline_with_a_local_catalogue(tmp_path):
    """With a local catalogue, ``camel_tools.ner`` imports without any download (a fresh process)."""
    (tmp_path / "catalogue.json").write_text('{"version": "1.6", "packages": {}, "components": {}}', encoding="utf-8")
    model = tmp_path / "model"
    model.mkdir()
    build_tiny_model(model, "B-ORG")
    code = ("from qawl.ner.camel_bert import CamelEntities, camel_catalogue_present\n"
            f"assert camel_catalogue_present({str(tmp_path)!r})\n"
            f"stage = CamelEntities.load({str(model)!r}, camel_data={str(tmp_path)!r})\n"
            "assert stage.source == 'camel-bert', stage.source\n"
            "from qawl.document import Document\n"
            "doc = Document('قالت ولرويترز شيئا')\n"
            "stage(doc)\n"
            "print([(doc.text[s.start:s.end], s.label) for s in doc.spans])\n"
            "print('ok')")
    env = {"CAMELTOOLS_DATA": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0 and "No module named" in result.stderr:
        pytest.skip(result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    assert "('رويترز', 'ORG')" in result.stdout

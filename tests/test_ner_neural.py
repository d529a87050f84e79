"""The subword vectors and the neural tagger: fastText's hashing, numpy inference equal to torch's,
plain-array model files, and adaptation from a few corrected sentences."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from qawl.arabic import fold
from qawl.ner.features import FeatureExtractor
from qawl.ner.neural import NeuralTagger
from qawl.ner.vectors import SubwordVectors, fnv1a, ngram_buckets
from qawl.shipped import SHIPPED_MODEL_DIR

SENTENCES = [
    [("زار", "O"), ("الرئيس", "O"), ("بيروت", "B-LOC"), ("أمس", "O")],
    [("وقال", "O"), ("سامي", "B-PER"), ("الخوري", "I-PER"), ("إن", "O"), ("الوضع", "O"), ("هادئ", "O")],
    [("وأعلنت", "O"), ("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("عن", "O"), ("خطة", "O")],
    [("وصل", "O"), ("الوفد", "O"), ("إلى", "O"), ("عمان", "B-LOC")],
    [("وأكد", "O"), ("كأس", "B-MISC"), ("العالم", "I-MISC"), ("تبدأ", "O"), ("غدا", "O")],
]


def test_ngram_hashing_is_fasttexts():
    """Bucket ids that fastText 0.9.2 itself gave (``get_subwords``, minn 2, maxn 5, 150,000 buckets): an
    unseen word's vector is only right if its n-grams land on the rows fastText trained."""
    assert fnv1a(b"a") == 0xE40C292C  # FNV-1a's published value
    assert ngram_buckets("xy", 2, 5, 150_000) == [73513, 139200, 81002, 15802, 106044, 139822]
    arabic = ngram_buckets("غوارديولا", 2, 5, 150_000)  # UTF-8 bytes over 127 are hashed as signed chars
    assert len(arabic) == 34 and arabic[:4] == [88457, 113576, 13797, 68946] and arabic[-1] == 26106


def test_compiled_ngram_rows_are_fnv1a_of_each_ngrams_utf8_bytes():
    """The compiled hashing against :func:`fnv1a` over the n-grams' bytes, for one, two, three and four-byte
    characters and a lone surrogate (a broken emoji in scraped text)."""
    for word in ("غوارديولا", "x", "", "Ωμέγα", "€٣", "😀نادي", "\ud83dبرشلونة", "Mbappé"):
        chars = "<" + word + ">"
        expected = [fnv1a(chars[i:i + n].encode("utf-8", "surrogatepass")) % 150_000
                    for i in range(len(chars)) for n in range(2, 6) if i + n <= len(chars)]
        assert ngram_buckets(word, 2, 5, 150_000) == expected


def test_an_unseen_word_gets_the_mean_of_its_ngram_rows():
    vectors = SubwordVectors.load(SHIPPED_MODEL_DIR / "vectors")
    word = "بوكيتينوفيتش"  # not in the stored vocabulary
    assert word not in vectors.index
    rows = ngram_buckets(word, vectors.minn, vectors.maxn, len(vectors.buckets))
    assert np.allclose(vectors.vector(word), vectors.buckets[rows].mean(axis=0))
    # a transliterated surname lands nearer a known surname than a common verb does
    def cosine(a, b):
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    assert cosine(vectors.vector(word), vectors.vector("بوكيتينو")) > cosine(vectors.vector(word),
                                                                            vectors.vector("أعلن"))


def test_the_model_directory_is_plain_arrays_and_small():
    total = sum(p.stat().st_size for p in SHIPPED_MODEL_DIR.rglob("*") if p.is_file())
    assert total <= 60 * 1024 * 1024
    for path in SHIPPED_MODEL_DIR.rglob("*.npy"):
        np.load(path, allow_pickle=False)
    with zipfile.ZipFile(SHIPPED_MODEL_DIR / "neural.npz") as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    with np.load(SHIPPED_MODEL_DIR / "neural.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype == np.float32 for name in arrays.files)
    header = json.loads((SHIPPED_MODEL_DIR / "neural.json").read_text(encoding="utf-8"))
    assert header["tags"] and header["chars"][:4] == ["<pad>", "<unk>", "<s>", "</s>"]


def test_the_compiled_tanh_is_within_5e_7_of_the_exact_one_everywhere():
    from qawl.ner.lstm_cell import tanh

    for x in np.concatenate([np.linspace(-12, 12, 4001), [0.0, 1e-30, -1e-30, 9.0, -9.0, 1e4]]).astype(np.float32):
        assert abs(float(tanh(x)) - np.tanh(float(x))) < 5e-7


def test_numpy_inference_gives_torchs_scores_and_adapting_learns_a_taught_name(tmp_path):
    pytest.importorskip("qawl.ner.neural_train", reason="training needs torch (train extra)")
    import torch

    from qawl.ner.neural_train import _collate, _load_into, _prepare, adapt_neural, build_model, train_neural

    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    base = tmp_path / "base"
    train_neural(SENTENCES, base, features, settings={"epochs": 3, "min_word_count": 1})
    tagger = NeuralTagger.load(base)
    header = json.loads((base / "neural.json").read_text(encoding="utf-8"))
    network = build_model(len(header["chars"]), len(header["words"]), len(header["tags"]), tagger.vectors.dim,
                          header["settings"], {k: len(v) for k, v in header["evidence"].items()})
    _load_into(network, tagger.a)
    network.eval()
    label_index = {t: i for i, t in enumerate(header["tags"])}
    vectors, words, chars, char_lengths, evidence, lengths, _, _ = _collate(
        [_prepare(s, tagger.vectors, tagger.word_index, tagger.char_index, label_index, features,
                  tagger.evidence_index) for s in SENTENCES], network.transitions.dtype)
    with torch.no_grad():
        padded = network.emissions(vectors, words, chars, char_lengths, evidence, lengths)
    expected = torch.cat([padded[i, :n] for i, n in enumerate(lengths.tolist())]).numpy()
    assert np.allclose(tagger.emissions([[w for w, _ in s] for s in SENTENCES], features), expected, atol=1e-4)

    # a name the base never saw, taught in a few sentences, is tagged in a new sentence
    taught = [[("وقال", "O"), ("زوكربيرغ", "B-PER"), ("إن", "O"), ("الشركة", "O"), ("تنمو", "O")],
              [("وأضاف", "O"), ("زوكربيرغ", "B-PER"), ("أن", "O"), ("الأرباح", "O"), ("زادت", "O")]] * 4
    adapted = tmp_path / "adapted"
    summary = adapt_neural(base, taught, adapted, features, epochs=5)
    assert summary["sentences"] == len(taught)
    new = NeuralTagger.load(adapted)
    sentence = ["وأكد", "زوكربيرغ", "أن", "المنصة", "آمنة"]
    scores = new.emissions([sentence], features)
    assert new.labels[int(np.argmax(scores[1]))] == "B-PER"


def test_the_shipped_ensemble_finds_an_unseen_name_the_crf_alone_misses():
    """A minister's transliterated name that neither ANERcorp nor the gazetteers hold: the CRF alone leaves
    it out, the neural tagger's letters-and-context evidence brings it in."""
    from qawl.document import ENTITY
    from qawl.pipeline import Annotator

    text = "التقى وزير الخارجية الأوزبكي بختيار سعيدوف نظيره الكازاخستاني في العاصمة أستانا."

    def entities(annotator):
        return [(text[s.start:s.end], s.label) for s in annotator.annotate(text).spans_of(ENTITY)]

    assert ("بختيار سعيدوف", "PER") in entities(Annotator.load())
    assert ("بختيار سعيدوف", "PER") not in entities(Annotator.load(stage_options={"entities": {"neural": False}}))
    assert ("أستانا", "LOC") in entities(Annotator.load())


def test_the_neural_weight_option_scales_the_taggers_share_of_the_sum():
    """``neural_weight`` replaces the weight the tagger's header gives: at 0 the sum is the CRF's own scores, so
    the entities are the CRF's alone; the shipped weight is the plain sum."""
    from qawl.document import ENTITY
    from qawl.pipeline import Annotator

    text = ("قال المتحدث باسم الحكومة المغربية مصطفى بايتاس إن الرباط وقعت اتفاقا مع شركة أكوا باور السعودية "
            "لبناء محطة تحلية في الدار البيضاء، فيما التقى وزير الخارجية الأوزبكي بختيار سعيدوف نظيره في أستانا.")

    def entities(**options):
        annotator = Annotator.load(stage_options={"entities": options} if options else None)
        return sorted((s.start, s.end, s.label, round(s.score, 4)) for s in annotator.annotate(text).spans_of(ENTITY))

    assert entities(neural_weight=0.0) == entities(neural=False)
    assert entities(neural_weight=1.0) == entities()
    assert entities(neural_weight=0.0) != entities()


def test_word_dropout_reads_chosen_training_tokens_as_unseen_words():
    """``word_dropout`` drops any token's learnt delta, ``entity_word_dropout`` those of tokens inside names, so
    the tagger learns to find a name by its letters and context; without either nothing is dropped."""
    pytest.importorskip("qawl.ner.neural_train", reason="training needs torch (train extra)")
    import torch

    from qawl.ner.neural_train import _drop_words, _prepare, _word_dropout_by_label

    labels = {"B-LOC": 0, "B-PER": 1, "I-PER": 2, "O": 3}
    assert _word_dropout_by_label({}, labels) is None
    chances = _word_dropout_by_label({"word_dropout": 0.1, "entity_word_dropout": 0.5}, labels)
    assert chances.tolist() == pytest.approx([0.5, 0.5, 0.5, 0.1])

    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    tagger = NeuralTagger.load(SHIPPED_MODEL_DIR)
    sentence = SENTENCES[1]  # وقال سامي الخوري إن الوضع هادئ
    prepared = _prepare(sentence, tagger.vectors, {fold(w): i + 1 for i, (w, _) in enumerate(sentence)},
                        tagger.char_index, labels | {"B-ORG": 4, "I-ORG": 5, "B-MISC": 6, "I-MISC": 7}, features,
                        tagger.evidence_index)
    words = torch.from_numpy(prepared.words)
    every_name = _word_dropout_by_label({"entity_word_dropout": 1.0}, {"O": 3, "B-PER": 1, "I-PER": 2})
    dropped = _drop_words(words, [prepared], every_name)
    assert dropped.tolist() == [words[0].item(), 0, 0, words[3].item(), words[4].item(), words[5].item()]
    assert all(i > 0 for i in words.tolist())  # every word of the sentence had its own delta before


def test_kept_token_rows_follow_the_feature_extractor_they_were_made_with(tmp_path):
    """A version's learnt lists change a word's evidence (here a new title): the tagger keeps each token's input
    row, but rows made with one extractor are never read with another, and a second pass reads the same rows."""
    tagger = NeuralTagger.load(SHIPPED_MODEL_DIR)
    shipped = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    (tmp_path / "gazetteers" / "triggers").mkdir(parents=True)
    (tmp_path / "gazetteers" / "triggers" / "PER.txt").write_text("المخرجة\n", encoding="utf-8")
    learnt = FeatureExtractor.from_clusters_file(SHIPPED_MODEL_DIR / "clusters.tsv", tmp_path / "gazetteers")
    sentence = [["وقالت", "المخرجة", "ريما", "الحلبي", "إن", "الفيلم", "جاهز"]]

    before = tagger.emissions(sentence, shipped)
    with_title = tagger.emissions(sentence, learnt)
    assert not np.array_equal(before, with_title)
    assert np.array_equal(with_title, NeuralTagger.load(SHIPPED_MODEL_DIR).emissions(sentence, learnt))
    assert np.array_equal(tagger.emissions(sentence, shipped), before)
    assert np.array_equal(tagger.emissions(sentence, shipped), before)  # read back from the kept rows


def test_a_wide_batch_runs_as_one_product_with_the_same_states(monkeypatch):
    """From WIDE_BATCH sentences on, each step's recurrent product runs over all rows at once; the hidden states
    are the chunked product's to float32 rounding, so a long article is tagged as before, only faster."""
    import qawl.ner.neural as neural

    tagger = NeuralTagger.load(SHIPPED_MODEL_DIR)
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 40, size=neural.WIDE_BATCH + 13)
    features = rng.standard_normal((int(lengths.sum()), tagger.a["lstm_f_ih"].shape[1]), dtype=np.float32)
    wide = tagger._bilstm(features, lengths)
    monkeypatch.setattr(neural, "WIDE_BATCH", 10**9)
    chunked = tagger._bilstm(features, lengths)
    assert np.allclose(wide, chunked, atol=1e-5)

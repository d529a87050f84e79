"""Name-likeness statistics: mined from plain news text, read back, and used as features."""

from __future__ import annotations

import gzip
import json

from qawl.ner.features import FeatureExtractor
from qawl.ner.namestats import STATS, bucket, compute, load_namestats, write
from qawl.ner.resources import Clusters, load_gazetteer, load_topics, load_triggers
from qawl.shipped import SHIPPED_MODEL_DIR

ARTICLES = [
    "قال الرئيس كاربوف إن المفاوضات مستمرة وأكد الوزير كاربوف أن الحكومة ستدرس الحكومة الاقتراح",
    "وصل الرئيس كاربوف إلى العاصمة حيث استقبله الوزير كاربوف وتحدثت الحكومة عن الاقتراح",
    "وقالت الحكومة إن الاقتراح الجديد يحتاج إلى دراسة وإن الاقتراح قد يتغير",
]


def test_buckets_are_ordered_shares():
    assert [bucket(x) for x in (0, 0.01, 0.05, 0.2, 0.9)] == ["0", "1", "2", "3", "4"]


def test_a_name_after_titles_is_name_like_and_a_noun_with_the_article_is_not(tmp_path):
    corpus = tmp_path / "news.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for text in ARTICLES:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    clusters = tmp_path / "clusters.tsv"
    clusters.write_text("الحكومة\t50\nحكومة\t5\nكاربوف\t4\n", encoding="utf-8")
    stats = compute(corpus, clusters, min_count=2)
    per = STATS.index("per")
    article = STATS.index("article")
    assert stats["كاربوف"][per] == "4"          # always after a title
    assert stats["الحكومة"][per] == "0"
    assert stats["الحكومة"][article] == "4"     # mostly written with ال
    out = tmp_path / "namestats.tsv"
    write(stats, out, corpus.name)
    assert load_namestats(out) == stats
    assert load_namestats(tmp_path / "missing.tsv") == {}


def test_the_statistics_become_features_of_the_word_and_its_neighbours():
    features = FeatureExtractor(load_gazetteer(), load_triggers(), Clusters(), load_topics(),
                                {"كاربوف": "4000000"})
    feats = features.sentence(["التقى", "كاربوف", "بالوفد"])
    assert "n0=4" in feats[1]
    assert "n-1p=4" in feats[2] and "n+1p=4" in feats[0]


def test_the_shipped_model_directory_has_its_statistics():
    stats = load_namestats(SHIPPED_MODEL_DIR / "namestats.tsv")
    assert len(stats) > 10_000 and all(len(codes) == len(STATS) for codes in list(stats.values())[:100])


def test_words_inside_a_title_see_the_word_that_opens_it():
    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    feats = features.sentence(["قدم", "برنامج", "«", "ليالي", "الشتاء", "»", "أمس"])
    assert "q1" in feats[3] and "qn" in feats[4]
    assert any(f.startswith("qc=") and "برنامج" in f for f in feats[3])
    assert not any(f.startswith("q") and f[1:2] in "1n" for f in feats[6])

"""The entities stage through the Annotator: labels, clitic-exact spans, diacritics, consistency."""

from __future__ import annotations

import pytest

from qawl.document import ENTITY, Token
from qawl.ner.consistency import complete_names, propagate, relabel
from qawl.ner.tagger import EntityTagger
from qawl.ner.train import documents_to_sentences
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


def entities(annotator, text):
    doc = annotator.annotate(text)
    found = [(text[s.start:s.end], s.label) for s in sorted(doc.spans_of(ENTITY), key=lambda s: s.start)]
    for span in doc.spans_of(ENTITY):
        assert 0 <= span.start < span.end <= len(text)
        assert 0 < span.score <= 1
    return found


def test_places_people_and_organisations(annotator):
    text = "وصل وزير الخارجية الفرنسي إلى بيروت قادما من دمشق وبغداد، والتقى الرئيس ميشال عون."
    found = entities(annotator, text)
    assert ("بيروت", "LOC") in found
    assert ("دمشق", "LOC") in found
    assert ("بغداد", "LOC") in found      # و is stripped, the ب of the name stays
    assert ("ميشال عون", "PER") in found  # the title is outside the span


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\u200f\u00a0", "«»", "٢٠٢٦"])
def test_a_text_without_words_gets_no_entities_and_no_error(annotator, text):
    assert entities(annotator, text) == []


def test_clitics_leave_the_span_and_the_article_stays(annotator):
    text = "قالت وكالة رويترز إن الوفد سافر من القاهرة إلى العراق ثم عاد للعراق وسوريا."
    found = entities(annotator, text)
    assert ("رويترز", "ORG") in found     # the head noun وكالة stays outside
    assert ("القاهرة", "LOC") in found
    assert ("لعراق", "LOC") in found      # ل + ال: the span starts after the first ل
    assert ("سوريا", "LOC") in found


def test_diacritics_and_tatweel_inside_names_keep_exact_offsets(annotator):
    text = "زار الرئيس مدينة بَيْرُوت ثم القاهـــرة للقاء ممثلي الأمم المتحدة."
    found = entities(annotator, text)
    assert ("بَيْرُوت", "LOC") in found
    assert ("القاهـــرة", "LOC") in found
    assert ("الأمم المتحدة", "ORG") in found


def test_diacritised_clitic_is_stripped_with_its_marks(annotator):
    text = "التقى الوزير نظيره في الرياض وَبِدِمشق قبل أسبوع."
    assert ("دِمشق", "LOC") in entities(annotator, text)


def test_adjacent_entities_of_the_same_label_stay_separate(annotator):
    text = "وتشمل الجولة عواصم عدة هي باريس ولندن وبرلين وروما."
    found = entities(annotator, text)
    for city in ("باريس", "لندن", "برلين", "روما"):
        assert (city, "LOC") in found


def _sentence(text: str) -> list[Token]:
    tokens, cursor = [], 0
    for word in text.split():
        start = text.index(word, cursor)
        tokens.append(Token(start, start + len(word), word))
        cursor = start + len(word)
    return tokens


def test_a_name_recognised_once_is_recognised_across_the_document():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وقال المدرب كوفيلدسون إن فريقه جاهز"), _sentence("وأكد كوفيلدسون ذلك مرة أخرى"),
                 _sentence("ثم غادر وكوفيلدسون الملعب مسرعا")]
    tagged = [(["O", "O", "B-PER", "O", "O", "O"], [1.0, 1.0, 0.95, 1.0, 1.0, 1.0]),
              (["O", "O", "O", "O", "O"], [1.0] * 5),
              (["O", "O", "O", "O", "O"], [1.0] * 5)]
    assert propagate(sentences, tagged, features) == 2
    assert tagged[1][0][1] == "B-PER"
    assert tagged[2][0][2] == "B-PER"     # found behind its clitics too


def test_uncertain_entities_are_not_propagated():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وقال كوفيلدسون شيئا"), _sentence("وأكد كوفيلدسون ذلك")]
    tagged = [(["O", "B-PER", "O"], [1.0, 0.4, 1.0]), (["O", "O", "O"], [1.0] * 3)]
    assert propagate(sentences, tagged, features) == 0


def test_a_fairly_confident_name_is_propagated():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وصرح الوزير برانكوفيتش للصحفيين"), _sentence("وأضاف برانكوفيتش أن المحادثات مستمرة")]
    tagged = [(["O", "O", "B-PER", "O"], [1.0, 1.0, 0.6, 1.0]), (["O", "O", "O", "O", "O"], [1.0] * 5)]
    assert propagate(sentences, tagged, features) == 1
    assert tagged[1][0][1] == "B-PER"


def test_part_of_a_name_grows_to_the_whole_name_the_article_gives():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وتغلب ستيوا بوخارست على ضيفه"), _sentence("وسجل لاعب ستيوا بوخارست هدفين"),
                 _sentence("وسافر الوفد إلى بوخارست أمس")]
    tagged = [(["O", "B-ORG", "I-ORG", "O", "O"], [1.0, 0.9, 0.9, 1.0, 1.0]),
              (["O", "O", "O", "B-LOC", "O"], [1.0, 1.0, 1.0, 0.6, 1.0]),
              (["O", "O", "O", "B-LOC", "O"], [1.0, 1.0, 1.0, 0.95, 1.0])]
    assert complete_names(sentences, tagged, features) == 1
    assert tagged[1][0] == ["O", "O", "B-ORG", "I-ORG", "O"]
    assert tagged[1][1][2:4] == [0.6, 0.6]
    assert tagged[2][0][3] == "B-LOC"  # the city alone stays the city


def test_a_name_keeps_the_label_most_of_its_mentions_carry():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وقال متحدث باسم الناتو إن الحلف مستعد"), _sentence("وأكد قائد الناتو بأوروبا ذلك"),
                 _sentence("وعقد وزراء دفاع الناتو اجتماعا")]
    tagged = [(["O", "O", "O", "B-ORG", "O", "O", "O"], [1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0]),
              (["O", "O", "B-LOC", "O", "O"], [1.0, 1.0, 0.55, 1.0, 1.0]),
              (["O", "O", "O", "B-ORG", "O"], [1.0, 1.0, 1.0, 0.8, 1.0])]
    assert relabel(sentences, tagged, features) == 1
    assert tagged[1][0][2] == "B-ORG"
    assert tagged[1][1][2] == pytest.approx(0.9 * 0.9)


def test_a_name_split_between_labels_keeps_its_own_labels():
    features = EntityTagger.load(SHIPPED_MODEL_DIR).features
    sentences = [_sentence("وتعادل ليون مع ميلان"), _sentence("وصل الوفد إلى ليون أمس")]
    tagged = [(["O", "B-ORG", "O", "B-ORG"], [1.0, 0.7, 1.0, 0.9]), (["O", "O", "O", "B-LOC", "O"], [1.0, 1.0, 1.0, 0.8, 1.0])]
    assert relabel(sentences, tagged, features) == 0
    assert tagged[0][0][1] == "B-ORG" and tagged[1][0][3] == "B-LOC"


def test_a_surname_that_looks_like_a_clitic_stays_whole_across_the_article(annotator):
    # فايد could be ف + ايد; after «سليم فايد» it is this article's name, whole, wherever it recurs
    text = ("أوقفت الشرطة الفرنسية المطلوب سليم فايد قرب مدينة ليون.\n"
            "ويقضي فايد عقوبة بالسجن منذ سنوات.\n"
            "وقال محامي فايد إن موكله سيستأنف الحكم.")
    found = entities(annotator, text)
    assert ("سليم فايد", "PER") in found
    assert found.count(("فايد", "PER")) == 2
    assert not any(surface == "ايد" for surface, _ in found)


def test_full_article_gets_consistent_tags(annotator):
    text = ("أعلن المدرب النرويجي أولي غونار سولشاير تشكيلة فريقه.\n"
            "وقال سولشاير إن الفريق سيلعب بقوة.\n"
            "ويأمل سولشاير أن يفوز باللقب.")
    doc = annotator.annotate(text)
    names = [text[s.start:s.end] for s in doc.spans_of(ENTITY) if s.label == "PER"]
    if "سولشاير" in names or any("سولشاير" in n for n in names):
        assert sum("سولشاير" in n for n in names) == 3


def test_character_span_documents_become_token_sentences():
    text = "زار الوزير بغداد ولندن. ثم عاد إلى للعراق"
    spans = [(11, 16, "LOC"), (18, 22, "LOC"), (36, 41, "LOC")]
    assert [text[s:e] for s, e, _ in spans] == ["بغداد", "لندن", "لعراق"]
    sentences = documents_to_sentences([(text, spans)])
    assert [[t for _, t in s] for s in sentences] == [["O", "O", "B-LOC", "B-LOC", "O"],
                                                      ["O", "O", "O", "B-LOC"]]
    assert sentences[0][3][0] == "ولندن"  # the whole token, clitic included, as ANERcorp tags it

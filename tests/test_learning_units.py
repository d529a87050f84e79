"""Reading annotations honestly (partial annotation) and what the learners make of them."""

from __future__ import annotations

from qawl.document import Document
from qawl.labelstudio.annotations import parse_result
from qawl.learning.gold_to_training import entity_documents
from qawl.learning.learn_lexicon import cue_key, learn_lexicon, read_lexicon, write_lexicon
from qawl.stages.learnt import LearntStage, load as load_learnt

from ls_results import labels_region as region, said_relation as said




T1 = "جزم المهندس تيجاني قمّوشة بأن محطة التحلية ستعمل بكامل طاقتها في الربيع."
T2 = "وجزمت هيئة سنابل الغد للتنمية أن المنح الجديدة ستصل إلى القرى النائية."
T3 = "زار وفد من هيئة سنابل الغد للتنمية مدينة القيروان أمس."


def gold_t1():
    return parse_result(T1, [region("s", T1, "المهندس تيجاني قمّوشة", "Speaker"),
                             region("q", T1, "محطة التحلية ستعمل بكامل طاقتها في الربيع", "Quote"),
                             region("p", T1, "تيجاني قمّوشة", "PER"), said("s", "q")])


def gold_t2():
    return parse_result(T2, [region("s", T2, "هيئة سنابل الغد للتنمية", "SPEAKER"),
                             region("q", T2, "المنح الجديدة ستصل إلى القرى النائية", "QUOTE"),
                             region("o", T2, "هيئة سنابل الغد للتنمية", "ORG"), said("s", "q")])


class TestParseResult:
    def test_labels_relations_and_aliases(self):
        doc = gold_t1()
        assert doc.entities == [(T1.index("تيجاني"), T1.index("تيجاني") + len("تيجاني قمّوشة"), "PER")]
        assert len(doc.quotes) == 1 and len(doc.speakers) == 1 and len(doc.said) == 1
        assert doc.said[0] == (doc.speakers[0], doc.quotes[0])

    def test_regions_whose_text_does_not_match_the_offsets_are_skipped(self):
        bad = region("x", T3, "القيروان", "LOC")
        bad["value"]["start"] += 1
        doc = parse_result(T3, [bad, region("o", T3, "هيئة سنابل الغد للتنمية", "ORG")])
        assert doc.rejected == 1 and [label for *_, label in doc.entities] == ["ORG"]

    def test_a_left_relation_and_a_quote_to_speaker_arrow_still_mean_speaker_said_quote(self):
        result = [region("s", T1, "المهندس تيجاني قمّوشة", "SPEAKER"),
                  region("q", T1, "محطة التحلية ستعمل بكامل طاقتها في الربيع", "QUOTE"),
                  {"type": "relation", "from_id": "q", "to_id": "s", "direction": "right", "labels": ["said"]}]
        doc = parse_result(T1, result)
        assert doc.said == [(doc.speakers[0], doc.quotes[0])]


class TestPartialAnnotation:
    def test_annotations_without_entity_regions_do_not_teach_the_entity_model(self):
        quotes_only = parse_result(T1, [region("q", T1, "محطة التحلية ستعمل بكامل طاقتها في الربيع", "QUOTE")])
        documents, counts = entity_documents([quotes_only, gold_t2()], predict=lambda text: [])
        assert [text for text, _ in documents] == [T2]
        assert counts["with_entities"] == 1

    def test_labels_the_project_never_uses_come_from_the_model_not_from_silence(self):
        # This project labels ORG only; the model's LOC for القيروان must stay in the training data.
        only_org = parse_result(T3, [region("o", T3, "هيئة سنابل الغد للتنمية", "ORG")])
        loc = T3.index("القيروان")
        model = [(loc, loc + len("القيروان"), "LOC"), (T3.index("هيئة"), T3.index("هيئة") + 4, "PER")]
        documents, counts = entity_documents([only_org], predict=lambda text: model)
        spans = sorted(documents[0][1])
        assert (loc, loc + len("القيروان"), "LOC") in spans
        assert not any(label == "PER" for *_, label in spans)  # clashes with the gold ORG: gold wins
        assert counts["labels_from_model"] == ["LOC", "MISC", "PER"] and counts["silver_spans"] == 1

    def test_without_a_model_partial_documents_are_dropped_rather_than_taught_as_nothing(self):
        only_org = parse_result(T3, [region("o", T3, "هيئة سنابل الغد للتنمية", "ORG")])
        documents, counts = entity_documents([only_org], predict=None)
        assert documents == [] and counts["dropped_partial"] == 1

    def test_a_project_using_every_label_needs_no_model_guesses(self):
        text = "زار تيجاني قمّوشة مقر هيئة سنابل الغد للتنمية في القيروان خلال مهرجان الربيع."
        full = parse_result(text, [region("o", text, "هيئة سنابل الغد للتنمية", "ORG"),
                                   region("l", text, "القيروان", "LOC"), region("p", text, "تيجاني قمّوشة", "PER"),
                                   region("m", text, "مهرجان الربيع", "MISC")])
        assert full.rejected == 0 and len(full.entities) == 4
        documents, counts = entity_documents([full], predict=lambda text: [(0, 3, "PER")])
        assert counts["silver_spans"] == 0 and counts["labels_from_model"] == []


class TestLearntLexicon:
    def test_a_recurring_new_verb_is_learnt_in_all_its_forms(self):
        assert cue_key("وجزمت") == cue_key("جزم") == cue_key("فجزموا")
        lexicon = learn_lexicon([gold_t1(), gold_t2()])
        assert cue_key("جزم") in lexicon.cues
        assert lexicon.names == {"ORG": ["هيئة سنابل الغد للتنمية"], "PER": ["تيجاني قمّوشة"]}

    def test_a_name_annotators_also_leave_untagged_is_not_learnt(self):
        # "فتح" is a party in one sentence and the verb "opened" in two others the annotator left alone.
        text = "وقالت حركة فتح إن الحوار مستمر. فتح المتجر أبوابه صباحا. فتح الطلاب كتبهم في القيروان."
        doc = parse_result(text, [region("o", text, "فتح", "ORG"), region("l", text, "القيروان", "LOC")])
        assert learn_lexicon([doc]).names == {"LOC": ["القيروان"]}

    def test_a_word_that_is_rarely_followed_by_a_quote_is_not_a_cue(self):
        # "زار" precedes the speaker twice, but elsewhere in the gold most visits have no quote after them.
        docs = []
        for who in ("الوزير", "المحافظ"):
            text = f"زار {who} المعرض، مشيدا بأن الأجنحة منظمة جيدا."
            docs.append(parse_result(text, [region("s", text, who, "SPEAKER"),
                                            region("q", text, "الأجنحة منظمة جيدا", "QUOTE"),
                                            said("s", "q")]))
        assert learn_lexicon(docs).cues == [cue_key("زار")]  # with only these two, it looks like a cue
        visits = ("زار الوفد السوق. زار الرئيس المصنع. زار الطلاب المتحف. زار السفير المدرسة. "
                  "زار الفريق الملعب. زار الأطباء القرية. وقال المدير إن العمل مستمر.")
        docs.append(parse_result(visits, [region("q", visits, "العمل مستمر", "QUOTE")]))
        assert learn_lexicon(docs).cues == []

    def test_written_lists_round_trip_and_feed_the_learnt_stage(self, tmp_path):
        lexicon = learn_lexicon([gold_t1(), gold_t2()])
        write_lexicon(lexicon, tmp_path)
        assert read_lexicon(tmp_path).cues == lexicon.cues
        assert "| - | -" in (tmp_path / "lexicons" / "reporting_verbs.txt").read_text(encoding="utf-8")
        stage = load_learnt(tmp_path, {})
        text = "وفي المساء جزمت المديرة سلمى بوعزيز بأن الامتحانات ستجري في موعدها. وحضر ممثل عن لهيئة سنابل الغد للتنمية."
        doc = Document(text)
        stage(doc)
        found = {(s.label, s.text_in(text)) for s in doc.spans}
        assert ("QUOTE", "الامتحانات ستجري في موعدها") in found
        assert ("SPEAKER", "المديرة سلمى بوعزيز") in found
        assert ("ORG", "هيئة سنابل الغد للتنمية") in found  # the ل proclitic stays outside
        assert [(r.head.text_in(text), r.tail.text_in(text)) for r in doc.relations] == [
            ("المديرة سلمى بوعزيز", "الامتحانات ستجري في موعدها")]
        for span in doc.spans:
            assert text[span.start:span.end] == span.text_in(text)

    def test_the_learnt_stage_leaves_sentences_with_a_quote_alone(self):
        stage = LearntStage({}, {cue_key("جزم")})
        text = "جزم الخبير بأن الأسعار ستنخفض قريبا."
        doc = Document(text)
        doc.add_span(text.index("الأسعار"), len(text) - 1, "QUOTE", "attribution", 0.9, "quotes")
        stage(doc)
        assert len(doc.spans) == 1

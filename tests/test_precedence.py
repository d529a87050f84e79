"""Where entity spans of different stages overlap, the stage's rank decides, not its confidence."""

import pytest

from qawl.arabic import fold
from qawl.document import ENTITY, Document, Span
from qawl.labelstudio.config import mapping_for
from qawl.labelstudio.results import to_prediction
from qawl.pipeline import resolve_overlaps
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.stages.learnt import LearntStage
from qawl.stages.precedence import Precedence
from qawl.stages.registry import FACTORIES

TEXT = "وبثت الجزيرة مباريات كأس العالم 2018 كاملة."


def add(doc, surface, label, score, source, priority=Precedence.MODEL):
    start = doc.text.index(surface)
    return doc.add_span(start, start + len(surface), label, ENTITY, score, source, priority=priority)


def kept(doc):
    return sorted((doc.text[s.start:s.end], s.label, s.source) for s in doc.spans_of(ENTITY))


def test_learnt_names_outrank_rules_which_outrank_the_tagger():
    assert Precedence.LEARNT > Precedence.RULES > Precedence.MODEL
    # a stage that sets no priority ranks with the tagger
    assert Span(0, 1, "PER", ENTITY).priority == Precedence.MODEL == min(Precedence)


def test_rank_decides_before_confidence_and_length():
    doc = Document(TEXT)
    add(doc, "الجزيرة مباريات", "ORG", 0.99, "crf")  # longer and surer, but only the tagger's
    add(doc, "الجزيرة", "LOC", 0.9, "entity_rules", Precedence.RULES)
    add(doc, "كأس العالم 2018", "MISC", 0.9, "entity_rules", Precedence.RULES)
    add(doc, "كأس العالم 2018", "ORG", 0.5, "learnt.gazetteer", Precedence.LEARNT)  # less sure, still first
    resolve_overlaps(doc)
    assert kept(doc) == [("الجزيرة", "LOC", "entity_rules"), ("كأس العالم 2018", "ORG", "learnt.gazetteer")]


def test_within_one_rank_the_surer_then_the_longer_span_wins():
    doc = Document(TEXT)
    add(doc, "الجزيرة", "LOC", 0.7, "crf")
    add(doc, "الجزيرة مباريات", "ORG", 0.6, "crf")
    add(doc, "كأس العالم", "MISC", 0.8, "crf")
    add(doc, "كأس العالم 2018", "MISC", 0.8, "crf")
    resolve_overlaps(doc)
    assert kept(doc) == [("الجزيرة", "LOC", "crf"), ("كأس العالم 2018", "MISC", "crf")]


@pytest.fixture(scope="module")
def rules():
    return FACTORIES["entity_rules"](SHIPPED_MODEL_DIR, {})


def test_a_learnt_name_beats_a_surer_tagger(rules, label_config):
    """The project's annotators call الجزيرة the channel (ORG); the tagger, surer, says a place."""
    doc = Document(TEXT)
    add(doc, "الجزيرة", "LOC", 0.99, "crf")
    rules(doc)
    assert kept(doc) == [("الجزيرة", "LOC", "crf"), ("كأس العالم 2018", "MISC", "entity_rules")]
    LearntStage({fold("الجزيرة"): "ORG"}, set())(doc)
    resolve_overlaps(doc)
    assert kept(doc) == [("الجزيرة", "ORG", "learnt.gazetteer"), ("كأس العالم 2018", "MISC", "entity_rules")]
    # each region still shows its own stage's confidence, not its rank
    regions = to_prediction(doc, mapping_for(label_config), "test")["result"]
    assert sorted(r["score"] for r in regions if r["type"] == "labels") == [0.9, 0.95]


def test_a_rule_span_shows_the_rules_confidence(rules):
    doc = Document("أعلن الجيش التركي السيطرة على التلة.")
    rules(doc)
    resolve_overlaps(doc)
    [span] = doc.spans_of(ENTITY)
    assert (span.score, span.priority) == (0.9, Precedence.RULES)


def test_a_learnt_name_never_cuts_a_longer_entity_the_model_found():
    """Annotators taught برشلونة as a club; inside the full name the tagger found, it must not cut it out."""
    doc = Document("وقال رئيس نادي برشلونة الرياضي إن برشلونة سيفوز.")
    add(doc, "نادي برشلونة الرياضي", "ORG", 0.7, "crf")
    LearntStage({fold("برشلونة"): "ORG"}, set())(doc)
    resolve_overlaps(doc)
    second = doc.text.rindex("برشلونة")
    assert kept(doc) == [("برشلونة", "ORG", "learnt.gazetteer"), ("نادي برشلونة الرياضي", "ORG", "crf")]
    assert [s.start for s in doc.spans_of(ENTITY) if s.source == "learnt.gazetteer"] == [second]

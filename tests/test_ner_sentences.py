"""The sentences the entity taggers read: a text without sentence ends is cut into pieces, so one task of
any shape runs as a batch of short sequences, not one sequence as long as the text."""

from __future__ import annotations

from qawl.document import Document
from qawl.ner.tagger import MAX_SENTENCE_TOKENS, EntityTagger


def test_a_text_without_sentence_ends_is_cut_into_short_pieces_after_punctuation():
    clause = "وقال الوزير إن الطريق الساحلي مغلق، "
    doc = Document(clause * 200)
    pieces = EntityTagger.sentences_of(doc)
    assert len(pieces) > 1 and all(len(piece) <= MAX_SENTENCE_TOKENS for piece in pieces)
    assert [t for piece in pieces for t in piece] == list(doc.tokens)  # every token once, in order
    assert all(piece[-1].text == "،" for piece in pieces[:-1])  # cut after a comma, not inside a clause


def test_news_sentences_are_read_whole():
    text = "أعلن المدرب الجديد لنادي الوحدة تشكيلة الفريق قبل المباراة. وقال إن اللاعبين جاهزون."
    doc = Document(text)
    assert [[t.text for t in piece][-1] for piece in EntityTagger.sentences_of(doc)] == [".", "."]

"""Offsets, tokens, sentences and the normalised view with its index map."""

import sys

from camel_tools.tokenizers.word import simple_word_tokenize

from qawl.arabic import fold as normalise
from qawl.document import _EMOJI_LETTER, _SPLITS_OFF, ATTRIBUTION, Document, NormalisedView, _words, split_sentences, \
    tokenize


class TestNormalisedView:
    def test_diacritics_and_tatweel_are_dropped_and_mapped_back(self):
        text = "وصل الرئيسُ أَحْمَدُ إلى بـيـروت"
        view = NormalisedView(text)
        assert view.text == "وصل الرئيس احمد الي بيروت"
        start = view.text.index("بيروت")
        s, e = view.to_original(start, start + len("بيروت"))
        assert text[s:e] == "بـيـروت"
        start = view.text.index("احمد")
        s, e = view.to_original(start, start + 4)
        assert text[s:e] == "أَحْمَدُ"  # the final damma belongs to the last letter

    def test_invisible_marks_inside_a_name_are_dropped_and_mapped_back(self):
        # bidi marks (RLM, the Arabic letter mark), zero-width joiners, a soft hyphen from web copy
        text = "وصل نتن\u061cياهو إلى الق\u00adدس وبير\u200fوت ود\u200dمشق"
        view = NormalisedView(text)
        assert view.text == "وصل نتنياهو الي القدس وبيروت ودمشق"
        for name, written in (("نتنياهو", "نتن\u061cياهو"), ("القدس", "الق\u00adدس"), ("دمشق", "د\u200dمشق")):
            start = view.text.index(name)
            s, e = view.to_original(start, start + len(name))
            assert text[s:e] == written

    def test_alef_forms_fold_without_changing_length(self):
        assert normalise("أإآٱ") == "اااا"
        assert normalise("مصطفى") == "مصطفي"

    def test_emoji_and_astral_characters_keep_python_offsets(self):
        text = "😀𝐀 صرّح أحمد في بيروت"
        view = NormalisedView(text)
        i = view.text.index("بيروت")
        assert view.to_original(i, i + 5) == (text.index("بيروت"), text.index("بيروت") + 5)

    def test_to_normalised_inverts_to_original(self):
        text = "قالَ الوزيرُ"
        view = NormalisedView(text)
        assert view.to_normalised(text.index("الوزير")) == view.text.index("الوزير")


class TestTokensAndSentences:
    def test_tokens_are_exact_substrings(self):
        text = "ونقلت الوكالة عن الوزير قوله: «الوضعُ مستقر» 😀، وأضاف: 2.5%."
        for token in tokenize(text):
            assert text[token.start:token.end] == token.text

    def test_words_are_camel_tools_tokens(self):
        text = ("قال الوزيرُ: «سنفتح 3 مدارس جديدة في 2025م»، وأضاف (بحسب #وكالة_الأنباء) أن 15% منها لـ«البنات»... "
                "وكتب على إكس 👍🏽 و🇸🇦 و1️⃣ وℹ️ معلومة*مهمة، وزار د.أحمد الـBBC\u200fأمس\u00a0اليوم")
        assert _words(text) == simple_word_tokenize(text)

    def test_only_one_letter_can_start_a_split_off_symbol(self):
        # the fast path takes a word of letters whole unless it holds _EMOJI_LETTER; no other letter may qualify
        letters = (chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha())
        assert [c for c in letters if _SPLITS_OFF.match(c)] == [_EMOJI_LETTER]

    def test_sentences_split_on_arabic_question_mark_and_newlines(self):
        text = "هل انتهت الأزمة؟ قال الوزير إنها لم تنته.\nوفي بيروت، عاد الهدوء"
        sentences = [text[s:e] for s, e in split_sentences(text)]
        assert sentences == ["هل انتهت الأزمة؟", "قال الوزير إنها لم تنته.", "وفي بيروت، عاد الهدوء"]

    def test_one_letter_abbreviation_does_not_end_a_sentence(self):
        text = "وقال د. سامي الخطيب إن النتائج مشجعة."
        assert len(split_sentences(text)) == 1

    def test_decimals_do_not_end_a_sentence(self):
        assert len(split_sentences("ارتفع المؤشر 2.5 في المئة اليوم.")) == 1


class TestDocument:
    def test_add_span_rejects_offsets_outside_the_text(self):
        doc = Document("نص قصير")
        try:
            doc.add_span(3, 99, "QUOTE", ATTRIBUTION)
        except ValueError:
            pass
        else:
            raise AssertionError("a span past the end was accepted")

    def test_remove_spans_drops_their_relations(self):
        doc = Document("قال الوزير إن الوضع مستقر")
        speaker = doc.add_span(4, 10, "SPEAKER", ATTRIBUTION)
        quote = doc.add_span(14, 25, "QUOTE", ATTRIBUTION)
        doc.add_relation(speaker, quote)
        doc.remove_spans([quote])
        assert doc.relations == []

"""State scores of a sentence: for each token and label, the CRF weights of its features, summed.

Most of a token's features belong to one word: its own, and those it lends
its neighbours (``w-1=…``, ``c+2=…``). Their weights are summed once per
word and kept, five label vectors a word. Of the features that depend on the
position, the gazetteer matches take a few values whose sums are kept too,
and only the word pair (and, in some sentences, topic and quotation
features) is looked up per token. The result equals crfsuite's sum over
:meth:`FeatureExtractor.sentence`'s lists (both read the same
:class:`~qawl.ner.features.SentenceLayout`; ``tests/test_ner_decode.py``
holds them to it).
"""

from __future__ import annotations

import threading

import numpy as np

from .crfsuite_file import CrfWeights
from .rows import with_room
from .segment import WORD_CACHE_SIZE
from .features import (BOS, EOS, GAZ_NEXT, GAZ_OWN, GAZ_PREV, LENT_TO_NEXT, LENT_TO_NEXT2, LENT_TO_PREV, LENT_TO_PREV2,
                       STATS_TO_NEXT, STATS_TO_PREV, FeatureExtractor, SentenceLayout, WordInfo)

OWN, TO_NEXT, TO_NEXT2, TO_PREV, TO_PREV2 = range(5)  # a word's five sums: its own features, what it lends
MAX_WORDS = WORD_CACHE_SIZE  # words whose sums are kept (5 × labels floats each); the store starts again when full


class StateScorer:
    """Sums CRF state weights over each token's features, reusing each word's sums."""

    def __init__(self, weights: CrfWeights, features: FeatureExtractor):
        self.weights = weights
        self.features = features
        self._attribute = weights.attributes.get
        self._unknown = weights.unknown
        self._lock = threading.Lock()  # gunicorn threads share the scorer: its word store changes in place
        self._rows: dict[str, int] = {}
        self._sums = np.zeros((1024, 5, len(weights.labels)))
        self._gazetteer_rows: dict[str, int] = {}
        self._gazetteer_sums = np.zeros((0, 3, len(weights.labels)))  # g=, g-1=, g+1= for each match value
        self._ends = weights.state[[self._id(BOS), self._id(EOS)]]
        self._lent = self._lent_lookups()

    def _lent_lookups(self):
        """For the groups a word lends its neighbours (TO_NEXT … TO_PREV2): per feature template, the
        WordInfo field (or code index) it reads and the model's attribute ids by that value, so a new
        word's ids are found without building its neighbour feature strings."""
        by_prefix: dict[str, dict[str, int]] = {}
        for attribute, index in self.weights.attributes.items():
            prefix, equals, value = attribute.partition("=")
            if equals:
                by_prefix.setdefault(prefix + "=", {})[value] = index
        fields = WordInfo._fields

        def lookups(templates, stats=()):
            return (tuple((fields.index(field), by_prefix.get(prefix, {})) for prefix, field in templates),
                    tuple((index, by_prefix.get(prefix, {})) for prefix, index in stats))

        return (lookups(LENT_TO_NEXT, STATS_TO_NEXT), lookups(LENT_TO_NEXT2), lookups(LENT_TO_PREV, STATS_TO_PREV),
                lookups(LENT_TO_PREV2))

    def _id(self, attribute: str) -> int:
        return self._attribute(attribute, self._unknown)

    def _add_rows(self, tokens: list[str]) -> None:
        """Sum and keep the weights of each new word's feature groups (one numpy call for all of them)."""
        info, get, unknown = self.features.info, self._attribute, self._unknown
        lent = self._lent
        ids: list[int] = []
        starts: list[int] = []
        for token in tokens:
            word = info(token)
            starts.append(len(ids))
            ids += [get(a, unknown) for a in word.own]
            codes = word.stats
            for fields, stats in lent:
                starts.append(len(ids))
                ids += [values.get(word[field], unknown) for field, values in fields]
                if stats and codes:
                    ids += [values.get(codes[index], unknown) for index, values in stats]
        first = len(self._rows)
        needed = first + len(tokens)
        self._sums = with_room(self._sums, first, needed, MAX_WORDS)
        sums = np.add.reduceat(self.weights.state[ids], starts)
        self._sums[first:needed] = sums.reshape(len(tokens), 5, -1)
        for row, token in enumerate(tokens, first):
            self._rows[token] = row

    def _gazetteer_row(self, match: str) -> int:
        row = self._gazetteer_rows.get(match)
        if row is None:
            state = self.weights.state
            own = state[self._id(GAZ_OWN + match)] if match else np.zeros(state.shape[1])  # no g= without a match
            sums = np.stack([own, state[self._id(GAZ_PREV + match)], state[self._id(GAZ_NEXT + match)]])
            self._gazetteer_sums = np.concatenate([self._gazetteer_sums, sums[None]])
            row = self._gazetteer_rows[match] = len(self._gazetteer_rows)
        return row

    def scores(self, tokens: list[str], layout: SentenceLayout | None = None) -> np.ndarray:
        """A ``(tokens, labels)`` matrix of state scores for one sentence."""
        return self.batch_scores([tokens], [layout or self.features.layout(tokens)])

    def batch_scores(self, sentences: list[list[str]], layouts: list[SentenceLayout]) -> np.ndarray:
        """The ``(tokens, labels)`` state scores of all the sentences (none empty), one after another."""
        tokens = [t for sentence in sentences for t in sentence]
        matches = [m for layout in layouts for m in layout.gazetteer]
        with self._lock:  # the rows are found, added and copied out (fancy indexing copies) in one go
            if len(self._rows) + len(tokens) > MAX_WORDS:  # start again before, never while, a batch takes rows
                self._rows.clear()
            known = self._rows.get
            rows = [known(t) for t in tokens]
            if None in rows:
                self._add_rows(list(dict.fromkeys(t for t, r in zip(tokens, rows) if r is None)))
                rows = [known(t) for t in tokens]
            gazetteer_row = self._gazetteer_rows.get
            match_rows = [gazetteer_row(m) for m in matches]
            if None in match_rows:
                match_rows = [self._gazetteer_row(m) for m in matches]
            words, gazetteer = self._sums[rows], self._gazetteer_sums[match_rows]

        lengths = np.array([len(s) for s in sentences])
        ends = np.cumsum(lengths)
        starts = ends - lengths
        n = len(tokens)
        scores = words[:, OWN] + gazetteer[:, 0]
        scores[starts] += self._ends[0]
        scores[ends - 1] += self._ends[1]
        # positions with a word before (after, two before, two after) in the same sentence
        offset = np.arange(n) - np.repeat(starts, lengths)
        remaining = np.repeat(ends, lengths) - np.arange(n) - 1
        after1, after2 = np.flatnonzero(offset >= 1), np.flatnonzero(offset >= 2)
        before1, before2 = np.flatnonzero(remaining >= 1), np.flatnonzero(remaining >= 2)
        scores[after1] += words[after1 - 1, TO_NEXT] + gazetteer[after1 - 1, 1]
        scores[before1] += words[before1 + 1, TO_PREV] + gazetteer[before1 + 1, 2]
        scores[after2] += words[after2 - 2, TO_NEXT2]
        scores[before2] += words[before2 + 2, TO_PREV2]
        attribute, unknown = self._attribute, self._unknown
        pairs = [attribute(pair, unknown) for layout in layouts for pair in layout.pairs]
        scores[after1] += self.weights.state[pairs]
        # the rarer position features: sentence topic and quotation context
        extra_ids, extra_starts, extra_positions = [], [], []
        for layout, start in zip(layouts, starts.tolist()):
            if not layout.topic and not any(layout.quoted):
                continue
            for i, quoted in enumerate(layout.quoted):
                more = layout.topic_features(i) + quoted
                if more:
                    extra_starts.append(len(extra_ids))
                    extra_positions.append(start + i)
                    extra_ids += [attribute(a, unknown) for a in more]
        if extra_ids:
            scores[extra_positions] += np.add.reduceat(self.weights.state[extra_ids], extra_starts)
        return scores

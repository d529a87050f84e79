"""The character-aware neural tagger, run in numpy.

Why: the CRF knows a word by its string, affixes, lists and clusters; an
unseen name has few of those. This tagger reads every token through its
subword vector (:mod:`.vectors`) and a character CNN, and a BiLSTM over the
sentence, so a name it never saw is judged by its letters and its context.
It adds its scores to the CRF's (an ensemble: one Viterbi over the sum), so
each model covers the other's blind spots.

Why numpy: serving must stay light; torch is needed only to train
(:mod:`.neural_train`). The weights are plain arrays (``neural.npz``, read
without pickles) and a JSON header (``neural.json``). A forward pass over a
300-word article is a few small matrix products per word position.
"""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path

import numpy as np

from ..arabic import fold
from .features import FeatureExtractor, SentenceLayout
from .lstm_cell import lstm_step, warm_up
from .rows import with_room
from .vectors import SubwordVectors

MAX_CHARS = 24
PAD, UNKNOWN, BEGIN, END = 0, 1, 2, 3
# The CRF's evidence the network reads as well, one small embedding each: the gazetteer match at the word
# (IOB-coded), its trigger list, its proclitics, and its coarse and middle news_raw cluster.
EVIDENCE = ("gazetteer", "trigger", "prefix", "coarse", "cluster")
POSITIONAL = "gazetteer"  # the one evidence field that depends on the position, not on the word alone
# The recurrent product of a step runs on a multiple of 4 rows, at most 8 at a time: OpenBLAS's small-matrix
# kernels take 4 or 8 rows in about the time of 1 or 5 (an odd count is slower than the next even one), and
# from 12 rows on it packs the 360 KB weight matrix on every call, twice the time of two calls of 8.
ROW_MULTIPLE, ROW_CHUNK = 4, 8
WIDE_BATCH = 64  # rows from which one product over them all beats chunks of 8 (packing the matrix pays off)
TOKEN_CACHE_SIZE = 100_000  # token strings whose input rows are kept (about 60 MB)


def evidence(features: FeatureExtractor, tokens: list[str]) -> dict[str, list[str]]:
    """The values of each :data:`EVIDENCE` field for every token of a sentence, for training (serving reads the
    same fields through its kept rows and the sentence's layout: :meth:`NeuralTagger._input_rows`)."""
    infos = [features.info(t) for t in tokens]
    return {"gazetteer": features.gazetteer_tags(infos), "trigger": [x.trigger for x in infos],
            "prefix": [x.prefix for x in infos], "coarse": [x.coarse for x in infos],
            "cluster": [x.cluster for x in infos]}


def char_ids(token: str, index: dict[str, int]) -> list[int]:
    """The character ids the CNN reads: begin mark, up to ``MAX_CHARS`` characters, end mark."""
    return [BEGIN] + [index.get(c, UNKNOWN) for c in token[:MAX_CHARS]] + [END]


class NeuralTagger:
    """Emission and transition scores of the trained network, for sentences of token strings."""

    def __init__(self, header: dict, arrays: dict[str, np.ndarray], vectors: SubwordVectors):
        self.labels: list[str] = header["tags"]
        self.weight: float = header.get("ensemble_weight", 1.0)
        self.char_index = {c: i for i, c in enumerate(header["chars"])}
        self.word_index = {w: i for i, w in enumerate(header["words"])}
        self.evidence_index = {name: {v: i for i, v in enumerate(values)}
                               for name, values in header["evidence"].items()}
        self.a = {name: np.asarray(value, np.float32) for name, value in arrays.items()}
        self.vectors = vectors
        self.hidden = self.a["lstm_f_hh"].shape[1]
        self._tokens = _TokenStore(self._input_layout())
        warm_up()

    @classmethod
    def load(cls, model_dir: Path | str, vectors: SubwordVectors | None = None) -> "NeuralTagger | None":
        """The tagger stored in ``model_dir``, or None when there is none."""
        model_dir = Path(model_dir)
        if not (model_dir / "neural.npz").exists():
            return None
        header = json.loads((model_dir / "neural.json").read_text(encoding="utf-8"))
        with np.load(model_dir / "neural.npz", allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        if vectors is None:
            vectors = SubwordVectors.load(model_dir / header.get("vectors", "vectors"))
        return cls(header, arrays, vectors)

    @property
    def transitions(self) -> np.ndarray:
        return self.a["transitions"]

    def _input_layout(self) -> dict[str, slice]:
        """The columns of the BiLSTM's input: the token's own part (subword vector + delta, character CNN), then
        each evidence embedding, in the header's order (the order the network was trained with)."""
        start = self.vectors.dim + self.a["char_conv_b"].shape[0]
        columns = {"token": slice(0, start)}
        for name in self.evidence_index:
            width = self.a[f"evidence_{name}"].shape[1]
            columns[name] = slice(start, start + width)
            start += width
        return columns

    def _input_rows(self, sentences: list[list[str]], features: FeatureExtractor,
                    layouts: list[SentenceLayout] | None) -> np.ndarray:
        """The BiLSTM's input for every token of the sentences: (tokens, input width). All of a row but its
        gazetteer match depends on the token string alone and is kept per token (:class:`_TokenStore`), so a
        word seen before costs one lookup; the gazetteer match depends on the position and is set here."""
        tokens = [t for sentence in sentences for t in sentence]
        rows = self._tokens.rows(tokens, features, self._word_rows)
        layouts = layouts or [features.layout(sentence) for sentence in sentences]
        matches = [m for layout in layouts for m in layout.gazetteer]
        index = self.evidence_index[POSITIONAL]
        rows[:, self._tokens.columns[POSITIONAL]] = self.a[f"evidence_{POSITIONAL}"][[index.get(m, 0) for m in matches]]
        return rows

    def _word_rows(self, tokens: list[str], features: FeatureExtractor, out: np.ndarray) -> None:
        """Writes into ``out`` what the network reads of each (distinct) token by itself: its subword vector plus
        its learnt word delta, its character CNN features and its word-level evidence (trigger list, proclitics,
        clusters); the gazetteer columns are left for :meth:`_input_rows`."""
        columns = self._tokens.columns
        deltas = self.a["word_delta"][[self.word_index.get(fold(t), 0) for t in tokens]]
        out[:, columns["token"]] = np.concatenate([self.vectors.matrix(tokens) + deltas,
                                                   self._char_features(tokens)], axis=1)
        infos = [features.info(t) for t in tokens]
        for name, index in self.evidence_index.items():
            if name != POSITIONAL:  # a WordInfo field of the same name (see evidence())
                out[:, columns[name]] = self.a[f"evidence_{name}"][[index.get(getattr(x, name), 0) for x in infos]]

    def _char_features(self, tokens: list[str]) -> np.ndarray:
        """The character CNN's max-pooled features of each (distinct) token."""
        ids = [char_ids(t, self.char_index) for t in tokens]
        width = max(len(x) for x in ids)
        padded = np.zeros((len(ids), width), np.int64)
        for row, x in enumerate(ids):
            padded[row, :len(x)] = x
        embedded = self.a["char_embedding"][padded]  # (n, width, e)
        kernel = self.a["char_conv_w"]  # (filters, e, 3)
        windows = np.concatenate([embedded[:, k:width - 2 + k] for k in range(3)], axis=2)  # (n, width-2, 3e)
        flat = kernel.transpose(2, 1, 0).reshape(-1, kernel.shape[0])  # (3e, filters), rows k-major
        conv = windows @ flat + self.a["char_conv_b"]
        valid = np.arange(width - 2)[None, :] < (np.array([len(x) for x in ids]) - 2)[:, None]
        conv = np.where(valid[:, :, None], conv, -np.inf)
        return conv.max(axis=1)

    def _bilstm(self, features: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Both directions of the BiLSTM over the sentences' token features (concatenated); (tokens, 2 hidden).

        Time-major, sentences sorted longest first, so step ``t`` runs only the sentences still going (a
        prefix of the batch) and no work is spent on padding. Both directions' input products are one
        matrix product over all tokens; then each step is one matrix product for both directions'
        recurrences and one compiled call for the gates and the state update (:mod:`.lstm_cell`).
        """
        input_w, input_b, recurrent = self._lstm_weights
        h = self.hidden
        order = np.argsort(-lengths, kind="stable")
        steps, batch = int(lengths.max()), len(lengths)
        sorted_lengths = lengths[order]
        # token k of the article is the sentence in batch row rows[k] at position position[k]
        rows = np.repeat(np.arange(batch), sorted_lengths)
        first = np.cumsum(sorted_lengths) - sorted_lengths
        position = np.arange(len(rows)) - np.repeat(first, sorted_lengths)
        token_ids = np.repeat((np.cumsum(lengths) - lengths)[order] - first, sorted_lengths) + np.arange(len(rows))
        backward_t = np.repeat(sorted_lengths, sorted_lengths) - 1 - position
        both = features[token_ids] @ input_w + input_b  # (tokens, 2 * 4h)
        padded = -(-batch // ROW_MULTIPLE) * ROW_MULTIPLE  # rows past the batch only feed discarded products
        # Each token's row in the (steps, 2, rows) layout of projected and out, as one flat index per direction
        # (one fancy index over a 2-D view, several times faster than three index arrays over 4-D).
        forward_at = (position * 2) * padded + rows
        backward_at = (backward_t * 2 + 1) * padded + rows
        # Unset entries of projected and out are never read: a step reads only the rows still going.
        projected = np.empty((steps, 2, padded, 4 * h), np.float32)
        flat = projected.reshape(-1, 4 * h)
        flat[forward_at] = both[:, :4 * h]
        flat[backward_at] = both[:, 4 * h:]
        state = np.zeros((2, padded, h), np.float32)
        cell = np.zeros((2, padded, h), np.float32)
        gates = np.empty((2, padded, 4 * h), np.float32)
        out = np.empty((steps, 2, padded, h), np.float32)
        active = (sorted_lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1)
        for t in range(steps):
            n = int(active[t])
            rows_run = -(-n // ROW_MULTIPLE) * ROW_MULTIPLE
            chunk_rows = ROW_CHUNK if rows_run < WIDE_BATCH else rows_run
            for chunk in range(0, rows_run, chunk_rows):
                end = min(chunk + chunk_rows, rows_run)
                np.matmul(state[:, chunk:end], recurrent, out=gates[:, chunk:end])
            gates[:, :n] += projected[t, :, :n]
            lstm_step(gates, cell, state, out[t], n)
        hidden = np.empty((len(features), 2 * h), np.float32)
        flat = out.reshape(-1, h)
        hidden[token_ids, :h] = flat[forward_at]
        hidden[token_ids, h:] = flat[backward_at]
        return hidden

    @functools.cached_property
    def _lstm_weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The BiLSTM's weights laid out for :meth:`_bilstm`, once: both directions' input weights side by
        side (features, 2 * 4h) and their biases, and the recurrent weights (2, h, 4h), C-contiguous
        (numpy's stacked matmul hands only contiguous operands to BLAS; otherwise it is 3x slower). Gate
        columns are reordered to i, f, o, g (torch stores i, f, g, o), so the three sigmoids are one run."""
        h = self.hidden
        gate_order = np.r_[0:2 * h, 3 * h:4 * h, 2 * h:3 * h]
        directions = ("f", "b")
        input_w = np.ascontiguousarray(np.concatenate([self.a[f"lstm_{d}_ih"][gate_order] for d in directions]).T)
        input_b = np.concatenate([self.a[f"lstm_{d}_b"][gate_order] for d in directions])
        recurrent = np.ascontiguousarray(np.stack([self.a[f"lstm_{d}_hh"][gate_order].T for d in directions]))
        return input_w, input_b, recurrent

    def emissions(self, sentences: list[list[str]], features: FeatureExtractor,
                  layouts: list[SentenceLayout] | None = None) -> np.ndarray:
        """Emission scores of every token of the (non-empty) sentences, concatenated: (tokens, labels).
        ``layouts``: the sentences' feature layouts, when the caller has them (the CRF's), so their gazetteer
        matches are not made twice."""
        lengths = np.array([len(s) for s in sentences])
        return (self._bilstm(self._input_rows(sentences, features, layouts), lengths) @ self.a["output_w"].T
                + self.a["output_b"])

    def aligned(self, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Index arrays mapping ``labels`` (another model's order) to this tagger's label ids."""
        order = np.array([self.labels.index(label) for label in labels])
        return order, np.ix_(order, order)


class _TokenStore:
    """The BiLSTM's input row of each token string seen, in one growing array (a row copied out per token is one
    fancy index, not a stack of arrays). Bounded: emptied when full, so a worker on an archive stays flat. The rows
    hold the word-level evidence of one FeatureExtractor (a version's lists change it): given another, the store
    starts again. gunicorn threads share it, so finding, adding and copying rows out is done under a lock."""

    def __init__(self, columns: dict[str, slice]):
        self.columns = columns
        self._width = max(c.stop for c in columns.values())
        self._index: dict[str, int] = {}
        self._rows = np.zeros((1024, self._width), np.float32)
        self._features: FeatureExtractor | None = None
        self._lock = threading.Lock()

    def rows(self, tokens: list[str], features: FeatureExtractor, fill) -> np.ndarray:
        """A copy of the rows of ``tokens`` (their gazetteer columns zero); ``fill(new_tokens, features, out)``
        writes the rows of tokens not kept yet."""
        with self._lock:
            if features is not self._features or len(self._index) + len(tokens) > TOKEN_CACHE_SIZE:
                self._index.clear()
                self._features = features
            index = self._index
            missing = [t for t in dict.fromkeys(tokens) if t not in index]
            if missing:
                first = len(index)
                needed = first + len(missing)
                self._rows = with_room(self._rows, first, needed, TOKEN_CACHE_SIZE)
                fill(missing, features, self._rows[first:needed])
                for row, token in enumerate(missing, first):
                    index[token] = row
            return self._rows[[index[t] for t in tokens]]

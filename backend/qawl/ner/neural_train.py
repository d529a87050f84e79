"""Training the neural tagger (:mod:`.neural`) with torch: character CNN + BiLSTM + CRF.

Only training imports torch (the ``train`` extra); the result is written as
plain arrays that :class:`.neural.NeuralTagger` runs in numpy. The run is
deterministic: fixed seeds, one thread count, deterministic kernels, and the
sentences shuffled by a seeded numpy generator. It also gives the same tagger
on another kind of CPU: torch and MKL pick their kernels by the instruction
set (AVX2, AVX-512), and in float32 their different roundings grow over a
training until predictions move, so the shipped recipe trains in float64
(``precision``), where they stay too small to move one (measured: model card).

``adapt`` continues training from saved weights on a project's sentences
(mixed with a sample of the original data), which takes seconds: the
learning loop builds on it.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..arabic import fold
from .conll import Sentence
from .features import FeatureExtractor
from .neural import EVIDENCE, MAX_CHARS, PAD, NeuralTagger, char_ids, evidence
from .vectors import VECTORS_DIR, SubwordVectors

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class AdaptRecipe:
    """How a trained tagger is adapted to gold (:func:`adapt_to_gold`): passes over the mix, how many of the
    sentences it was trained on are mixed in (a seeded sample), the batch size, at most how many times small
    gold is shown per pass (:func:`gold_repeat`), Adam's step and the float precision of the arithmetic (None:
    what it was trained with)."""

    epochs: int = 3
    base_sample: int = 500
    seed: int = 11
    batch: int = 16
    max_gold_repeat: int = 5
    learning_rate: float | None = None
    precision: str | None = None


# The shipped recipe's adaptation to the recent-news gold (cross-validated on recent news).
SHIPPED_ADAPT = AdaptRecipe()
# A project's version adapts with a larger step than the shipped recipe's (0.002): chosen on the learning
# curve's stand-in, which never reads news_learn (benchmarks/learning_standin.py, six seeded splits): entity
# errors -8.3 % on average at 0.002, -15.2 % at 0.004; 0.001 and 0.008 were worse on the first three splits.
# It adapts in float32, as it was measured: a project's version needs no rebuild on another machine, and float64
# about doubles a training's time (model card), against a budget of 60 s.
PROJECT_ADAPT = AdaptRecipe(learning_rate=0.004, precision="float32")

SETTINGS = {"char_dim": 24, "char_filters": 50, "hidden": 150, "dropout": 0.5, "epochs": 15, "batch": 32,
            "learning_rate": 0.002, "clip": 5.0, "seed": 7, "threads": 2, "min_char_count": 2,
            "min_word_count": 2, "evidence_dim": 8, "precision": "float64"}
# The weight of this tagger's scores in their sum with the CRF's (``neural.json``; the tagger reads it). The plain
# sum: for the float64 tagger, weights from 0.8 to 1.1 all beat the 0.6 chosen for an earlier tagger on both
# cross-validations and differ from one another by less than their noise (sweep in the model card), so the
# weight is no longer a tuned number.
ENSEMBLE_WEIGHT = 1.0


def build_model(n_chars: int, n_words: int, n_labels: int, dim: int, settings: dict,
                evidence_sizes: dict[str, int]):
    nn = torch.nn

    class Network(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_embedding = nn.Embedding(n_chars, settings["char_dim"], padding_idx=PAD)
            # a learnt correction to the subword vector of each word seen in training (row 0: any other word)
            self.word_delta = nn.Embedding(n_words, dim, padding_idx=0)
            nn.init.zeros_(self.word_delta.weight)
            self.char_conv = nn.Conv1d(settings["char_dim"], settings["char_filters"], 3)
            self.evidence = nn.ModuleDict({name: nn.Embedding(size, settings["evidence_dim"], padding_idx=0)
                                           for name, size in evidence_sizes.items()})
            width = dim + settings["char_filters"] + settings["evidence_dim"] * len(evidence_sizes)
            self.lstm = nn.LSTM(width, settings["hidden"], batch_first=True, bidirectional=True)
            self.dropout = nn.Dropout(settings["dropout"])
            self.output = nn.Linear(2 * settings["hidden"], n_labels)
            self.transitions = nn.Parameter(torch.zeros(n_labels, n_labels))

        def char_features(self, chars, char_lengths):
            embedded = self.char_embedding(chars).transpose(1, 2)  # (n, e, width)
            conv = self.char_conv(embedded)  # (n, filters, width - 2)
            valid = torch.arange(conv.shape[2])[None, :] < (char_lengths - 2)[:, None]
            return conv.masked_fill(~valid[:, None, :], float("-inf")).max(dim=2).values

        def emissions(self, vectors, words, chars, char_lengths, evidence, lengths):
            tokens = torch.cat([vectors + self.word_delta(words), self.char_features(chars, char_lengths)]
                               + [self.evidence[name](evidence[name]) for name in self.evidence], dim=1)
            padded = torch.nn.utils.rnn.pad_sequence(list(torch.split(tokens, lengths.tolist())), batch_first=True)
            packed = torch.nn.utils.rnn.pack_padded_sequence(self.dropout(padded), lengths, batch_first=True,
                                                             enforce_sorted=False)
            out, _ = self.lstm(packed)
            out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
            return self.output(self.dropout(out))

        def loss(self, emissions, tags, mask):
            """Mean negative log-likelihood of the gold paths (no start or end weights, as crfsuite)."""
            gold = emissions.gather(2, tags[:, :, None]).squeeze(2)
            moves = self.transitions[tags[:, :-1], tags[:, 1:]]
            score = (gold * mask).sum(1) + (moves * mask[:, 1:]).sum(1)
            alpha = emissions[:, 0]
            for t in range(1, emissions.shape[1]):
                step = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + emissions[:, t]
                alpha = torch.where(mask[:, t, None] > 0, step, alpha)
            return (torch.logsumexp(alpha, dim=1) - score).mean()

    return Network().to(getattr(torch, settings.get("precision", "float32")))


@dataclass(frozen=True)
class _Prepared:
    """What the network reads of one sentence, as arrays: made once per sentence, however many passes."""

    vectors: np.ndarray           # (tokens, dim) subword vectors
    words: np.ndarray             # word ids (0: a word without its own delta)
    chars: np.ndarray             # (tokens, MAX_CHARS + 2) character ids, zero-padded
    char_lengths: np.ndarray
    evidence: dict[str, np.ndarray]
    tags: np.ndarray


def _prepare(sentence: Sentence, vectors: SubwordVectors, word_index: dict[str, int], char_index: dict[str, int],
             label_index: dict[str, int], features: FeatureExtractor,
             evidence_index: dict[str, dict[str, int]]) -> _Prepared:
    tokens = [w for w, _ in sentence]
    values = evidence(features, tokens)
    ids = [char_ids(t, char_index) for t in tokens]
    chars = np.zeros((len(ids), MAX_CHARS + 2), np.int64)
    for row, x in enumerate(ids):
        chars[row, :len(x)] = x
    return _Prepared(vectors.matrix(tokens), np.array([word_index.get(fold(t), 0) for t in tokens], np.int64), chars,
                     np.array([len(x) for x in ids], np.int64),
                     {name: np.array([index.get(v, 0) for v in values[name]], np.int64)
                      for name, index in evidence_index.items()},
                     np.array([label_index[t] for _, t in sentence], np.int64))


def _collate(sentences: Sequence[_Prepared], dtype):
    """One batch's tensors: the sentences' tokens one after another, their tags padded, and the mask; the float
    ones (vectors, mask) in the network's ``dtype``."""
    def joined(arrays):
        return torch.from_numpy(np.concatenate(arrays))

    lengths = torch.tensor([len(s.tags) for s in sentences])
    tags = torch.nn.utils.rnn.pad_sequence([torch.from_numpy(s.tags) for s in sentences], batch_first=True)
    mask = (torch.arange(tags.shape[1])[None, :] < lengths[:, None]).to(dtype)
    return (joined([s.vectors for s in sentences]).to(dtype), joined([s.words for s in sentences]),
            joined([s.chars for s in sentences]), joined([s.char_lengths for s in sentences]),
            {name: joined([s.evidence[name] for s in sentences]) for name in sentences[0].evidence},
            lengths, tags, mask)


def _to_arrays(network) -> dict[str, np.ndarray]:
    state = {k: v.detach().numpy().astype(np.float32) for k, v in network.state_dict().items()}
    arrays = {"word_delta": state["word_delta.weight"], "char_embedding": state["char_embedding.weight"],
              "char_conv_w": state["char_conv.weight"],
              "char_conv_b": state["char_conv.bias"], "output_w": state["output.weight"],
              "output_b": state["output.bias"], "transitions": state["transitions"]}
    for key, value in state.items():
        if key.startswith("evidence."):
            arrays["evidence_" + key.split(".")[1]] = value
    for direction, suffix in (("f", ""), ("b", "_reverse")):
        arrays[f"lstm_{direction}_ih"] = state[f"lstm.weight_ih_l0{suffix}"]
        arrays[f"lstm_{direction}_hh"] = state[f"lstm.weight_hh_l0{suffix}"]
        arrays[f"lstm_{direction}_b"] = state[f"lstm.bias_ih_l0{suffix}"] + state[f"lstm.bias_hh_l0{suffix}"]
    return arrays


def _load_into(network, arrays: dict[str, np.ndarray]) -> None:
    state = {"word_delta.weight": arrays["word_delta"], "char_embedding.weight": arrays["char_embedding"],
             "char_conv.weight": arrays["char_conv_w"],
             "char_conv.bias": arrays["char_conv_b"], "output.weight": arrays["output_w"],
             "output.bias": arrays["output_b"], "transitions": arrays["transitions"]}
    for key, value in arrays.items():
        if key.startswith("evidence_"):
            state[f"evidence.{key[len('evidence_'):]}.weight"] = value
    for direction, suffix in (("f", ""), ("b", "_reverse")):
        state[f"lstm.weight_ih_l0{suffix}"] = arrays[f"lstm_{direction}_ih"]
        state[f"lstm.weight_hh_l0{suffix}"] = arrays[f"lstm_{direction}_hh"]
        state[f"lstm.bias_ih_l0{suffix}"] = arrays[f"lstm_{direction}_b"]
        state[f"lstm.bias_hh_l0{suffix}"] = np.zeros_like(arrays[f"lstm_{direction}_b"])
    network.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})


def _fit(network, sentences, vectors, word_index, char_index, label_index, features, evidence_index, settings,
         epochs: int) -> None:
    optimiser = torch.optim.Adam(network.parameters(), lr=settings["learning_rate"])
    order = np.random.default_rng(settings["seed"])
    usable = [s for s in sentences if s]
    # each sentence's arrays, made on its first batch; by identity, so gold shown several times is made once
    prepared: dict[int, _Prepared] = {}
    dtype = network.transitions.dtype
    dropout_of = _word_dropout_by_label(settings, label_index)
    for epoch in range(epochs):
        network.train()
        started, total = time.perf_counter(), 0.0
        # batches of similar lengths, in a shuffled order
        ranked = sorted(order.permutation(len(usable)), key=lambda i: len(usable[i]))
        batches = [ranked[i:i + settings["batch"]] for i in range(0, len(ranked), settings["batch"])]
        for b in order.permutation(len(batches)):
            for i in batches[b]:
                if id(usable[i]) not in prepared:
                    prepared[id(usable[i])] = _prepare(usable[i], vectors, word_index, char_index, label_index,
                                                       features, evidence_index)
            batch = [prepared[id(usable[i])] for i in batches[b]]
            vectors_t, words, chars, char_lengths, evidence_ids, lengths, tags, mask = _collate(batch, dtype)
            if dropout_of is not None:
                words = _drop_words(words, batch, dropout_of)
            optimiser.zero_grad()
            loss = network.loss(network.emissions(vectors_t, words, chars, char_lengths, evidence_ids, lengths),
                                tags, mask)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), settings["clip"])
            optimiser.step()
            total += float(loss.detach())
        log.info("epoch %d: loss %.3f, %.0f s", epoch + 1, total / max(1, len(batches)),
                 time.perf_counter() - started)


def _word_dropout_by_label(settings: dict, label_index: dict[str, int]):
    """The chance that a training token is read as an unseen word (no learnt delta), by its gold tag id, or None
    when it is never: ``word_dropout`` for every token, ``entity_word_dropout`` for tokens inside entities, where
    a name unseen in training is what the tagger must find by its letters and context."""
    every, entity = settings.get("word_dropout", 0.0), settings.get("entity_word_dropout", 0.0)
    if not every and not entity:
        return None
    chances = torch.full((max(label_index.values()) + 1,), float(every))
    for tag, index in label_index.items():
        if tag != "O":
            chances[index] = max(every, entity)
    return chances


def _drop_words(words, batch: Sequence[_Prepared], chances):
    """``words`` with the ids of the dropped tokens set to 0 (a word without its own delta)."""
    tags = torch.from_numpy(np.concatenate([s.tags for s in batch]))
    return words.masked_fill(torch.rand(words.shape) < chances[tags], 0)


def _seed(settings: dict) -> None:
    torch.manual_seed(settings["seed"])
    torch.set_num_threads(settings["threads"])
    torch.use_deterministic_algorithms(True)


def train_neural(sentences: Sequence[Sentence], model_dir: Path, features: FeatureExtractor,
                 vectors_dir: str = VECTORS_DIR, settings: dict | None = None,
                 ensemble_weight: float = ENSEMBLE_WEIGHT) -> dict:
    """Trains the tagger on ``(token, tag)`` sentences and writes ``neural.npz`` and ``neural.json`` to
    ``model_dir``, whose ``vectors_dir`` holds the subword vectors (a path relative to it, or absolute).
    ``features`` is the CRF's feature extractor, whose evidence the network reads too."""
    settings = {**SETTINGS, **(settings or {})}
    _seed(settings)
    started = time.perf_counter()
    vectors = SubwordVectors.load(model_dir / vectors_dir)
    char_counts = Counter(c for sentence in sentences for word, _ in sentence for c in word[:MAX_CHARS])
    chars = ["<pad>", "<unk>", "<s>", "</s>"] + sorted(c for c, n in char_counts.items()
                                                      if n >= settings["min_char_count"])
    word_counts = Counter(fold(word) for sentence in sentences for word, _ in sentence)
    words = [""] + sorted(w for w, n in word_counts.items() if n >= settings["min_word_count"])
    labels = sorted({t for s in sentences for _, t in s})
    seen_evidence: dict[str, Counter] = {name: Counter() for name in EVIDENCE}
    for sentence in sentences:
        for name, values in evidence(features, [w for w, _ in sentence]).items():
            seen_evidence[name].update(values)
    evidence_values = {name: [""] + sorted(v for v, n in counts.items() if v and n >= settings["min_word_count"])
                       for name, counts in seen_evidence.items()}
    evidence_index = {name: {v: i for i, v in enumerate(values)} for name, values in evidence_values.items()}
    network = build_model(len(chars), len(words), len(labels), vectors.dim, settings,
                          {name: len(values) for name, values in evidence_values.items()})
    _fit(network, sentences, vectors, {w: i for i, w in enumerate(words)}, {c: i for i, c in enumerate(chars)},
         {t: i for i, t in enumerate(labels)}, features, evidence_index, settings, settings["epochs"])
    header = {"tags": labels, "chars": chars, "words": words, "evidence": evidence_values, "vectors": vectors_dir,
              "settings": settings,
              "ensemble_weight": ensemble_weight, "sentences": len(sentences)}
    _write(model_dir, header, _to_arrays(network))
    summary = {"sentences": len(sentences), "seconds": round(time.perf_counter() - started, 1)}
    log.info("trained %s/neural.npz: %s", model_dir, summary)
    return summary


def train_and_adapt(sentences: Sequence[Sentence], gold: Sequence[Sentence], model_dir: Path,
                    features: FeatureExtractor, vectors_dir: str = VECTORS_DIR, settings: dict | None = None) -> dict:
    """The shipped recipe: the tagger trained on ``sentences`` (ANERcorp), then adapted (:func:`adapt_neural`)
    to the recent-news ``gold`` sentences mixed with a seeded sample of ``sentences``, so it learns the
    guidelines' conventions and today's names without forgetting ANERcorp."""
    summary = train_neural(sentences, model_dir, features, vectors_dir, settings)
    if gold:
        summary["adapted"] = adapt_to_gold(model_dir, gold, sentences, features)
    return summary


def adapt_to_gold(model_dir: Path, gold: Sequence[Sentence], base_sentences: Sequence[Sentence],
                  features: FeatureExtractor, replay: Sequence[Sentence] = (),
                  recipe: AdaptRecipe = SHIPPED_ADAPT) -> dict:
    """Adapts the tagger in ``model_dir`` in place to ``gold`` mixed with a seeded sample of the
    sentences it was trained on and with ``replay``: gold it was adapted to before (a project's version
    replays the recent news the shipped tagger learnt, or adapting to a project would forget it)."""
    sample = random.Random(recipe.seed).sample(list(base_sentences), min(recipe.base_sample, len(base_sentences)))
    repeat = gold_repeat(len(gold), len(replay) + len(sample), recipe.max_gold_repeat)
    settings = {"batch": recipe.batch}
    if recipe.learning_rate is not None:
        settings["learning_rate"] = recipe.learning_rate
    if recipe.precision is not None:
        settings["precision"] = recipe.precision
    summary = adapt_neural(model_dir, list(gold) * repeat + list(replay) + sample, model_dir, features,
                           epochs=recipe.epochs, settings=settings)
    return {**summary, "gold_repeat": repeat}


def gold_repeat(gold: int, others: int, most: int) -> int:
    """How many times the gold is shown per epoch of adaptation: enough that a project's few corrections are
    about a third of what the tagger sees next to the replayed sentences (at most ``most`` times), once when
    the gold is that big already (the shipped recipe's recent news: once)."""
    if not gold:
        return 1
    return max(1, min(most, round(0.5 * others / gold)))


def adapt_neural(base_dir: Path, sentences: Sequence[Sentence], out_dir: Path, features: FeatureExtractor,
                 epochs: int = 3, min_steps: int = 40, settings: dict | None = None) -> dict:
    """Fine-tunes the tagger saved in ``base_dir`` on ``sentences`` and writes it to ``out_dir``.

    Starts from the saved weights (no retraining from scratch); words of ``sentences`` the base never saw
    get their own rows, so a taught name is learnt as a word too. At least ``min_steps`` updates are made
    however few the sentences. Callers mix in a sample of the base's data to keep what it knew.
    """
    tagger = NeuralTagger.load(base_dir)
    header = json.loads((base_dir / "neural.json").read_text(encoding="utf-8"))
    settings = {**header["settings"], **(settings or {})}
    _seed(settings)
    started = time.perf_counter()
    known = [s for s in sentences if s and all(t in header["tags"] for _, t in s)]
    words = header["words"] + sorted({fold(w) for s in known for w, _ in s} - set(tagger.word_index))
    arrays = dict(tagger.a)
    arrays["word_delta"] = np.concatenate([arrays["word_delta"],
                                           np.zeros((len(words) - len(header["words"]), tagger.vectors.dim),
                                                    np.float32)])
    network = build_model(len(header["chars"]), len(words), len(header["tags"]), tagger.vectors.dim,
                          settings, {name: len(values) for name, values in header["evidence"].items()})
    _load_into(network, arrays)
    batches = max(1, -(-len(known) // settings["batch"]))
    _fit(network, known, tagger.vectors, {w: i for i, w in enumerate(words)}, tagger.char_index,
         {t: i for i, t in enumerate(header["tags"])}, features, tagger.evidence_index, settings,
         max(epochs, -(-min_steps // batches)))
    _write(out_dir, {**header, "words": words, "adapted_on": len(known)}, _to_arrays(network))
    return {"sentences": len(known), "seconds": round(time.perf_counter() - started, 1)}


def _write(model_dir: Path, header: dict, arrays: dict[str, np.ndarray]) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    partial = model_dir / "neural.partial.npz"
    np.savez(partial, **arrays)
    os.replace(partial, model_dir / "neural.npz")
    (model_dir / "neural.json").write_text(json.dumps(header, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

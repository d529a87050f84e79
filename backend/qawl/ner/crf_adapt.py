"""Adapting the entity CRF to a project's gold, from the shipped weights, in seconds.

Why: retraining the CRF on ANERcorp plus a little gold is noise (a run with no
gold already flips entities on unseen text), and the gold hardly moves it.
Here the CRF's own weights are the prior (MAP adaptation, Chelba and Acero
2004): the adapted weights maximise the gold's likelihood minus
``prior × Σ (w − w₀)²``. Only the weights of features the gold contains can
move, and only as far as the gold insists; a feature the gold never shows
keeps its weight, so nothing changes far from what annotators taught. A
feature the model never saw (a taught name's word) gets a row of its own,
starting at zero.

The result is a small file beside the CRF (:data:`ADAPTED_SUFFIX`): the rows
that moved, the new attributes and the transitions, as plain arrays.
:func:`with_adaptation` applies it when the tagger loads; the crfsuite file
itself is never rewritten. Training needs torch (the ``train`` extra);
applying it does not.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from .compiled import compiled
from .conll import Sentence
from .crfsuite_file import CrfWeights, read_crf_weights
from .features import FeatureExtractor

ADAPTED_SUFFIX = ".adapted.npz"  # entities.crfsuite → entities.crfsuite.adapted.npz


def adapted_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + ADAPTED_SUFFIX)


def with_adaptation(weights: CrfWeights, path: Path) -> CrfWeights:
    """``weights`` with the adaptation stored at ``path`` applied (new attributes appended before the
    unknown row, moved rows replaced, transitions replaced); ``weights`` themselves when there is none."""
    if not path.is_file():
        return weights
    with np.load(path, allow_pickle=False) as data:
        new_attributes = [str(a) for a in data["new_attributes"]]
        rows, values, transitions = data["rows"], data["state"], data["transitions"]
    known = len(weights.attributes)
    state = np.zeros((known + len(new_attributes) + 1, weights.state.shape[1]))
    state[:known] = weights.state[:known]
    state[rows] = values
    attributes = dict(weights.attributes)
    attributes.update((a, known + i) for i, a in enumerate(new_attributes))
    return CrfWeights(weights.labels, attributes, state, np.array(transitions, dtype=float))


def adapt_crf_file(model_path: Path, features: FeatureExtractor, sentences: Sequence[Sentence],
                   prior: float) -> dict:
    """The CRF stored at ``model_path`` adapted to ``sentences``, written beside it (:func:`adapted_path`).
    Starts from the adaptation already there, if any (a version built on a model whose CRF was adapted
    already), and the new file holds both, since it is applied to the crfsuite weights alone."""
    own = read_crf_weights(model_path)
    path = adapted_path(model_path)
    return adapt_crf(with_adaptation(own, path), features, sentences, path, prior=prior, applies_to=own)


def adapt_crf(weights: CrfWeights, features: FeatureExtractor, sentences: Sequence[Sentence], out_path: Path,
              prior: float = 1.0, iterations: int = 50, applies_to: CrfWeights | None = None) -> dict:
    """Adapts ``weights`` to the ``(token, tag)`` sentences and writes the adaptation to ``out_path``;
    a summary of what moved. Deterministic: full-batch L-BFGS in float64; the likelihood and its gradient
    are compiled loops (numba), torch only runs L-BFGS.

    ``applies_to``: the crfsuite file's own weights, when ``weights`` carry an adaptation already
    (:func:`adapt_crf_file`); the file written then holds both, since it is applied to those."""
    started = time.perf_counter()
    label_index = {label: i for i, label in enumerate(weights.labels)}
    usable = [s for s in sentences if s and all(t in label_index for _, t in s)]
    if not usable:
        return {"sentences": 0}
    gold = _GoldFeatures.of(weights, features, usable, label_index)
    base_state = np.zeros((len(gold.rows), len(weights.labels)))
    old = gold.rows < len(weights.attributes)
    base_state[old] = weights.state[gold.rows[old]]
    base_transitions = np.array(weights.transitions, dtype=float)
    state, transitions, objective = _maximise(gold, base_state, base_transitions, prior, iterations)
    rows, values, new_attributes = _changes(weights, gold, state, applies_to or weights)
    partial = out_path.with_name(out_path.name + ".partial.npz")
    np.savez_compressed(partial, rows=rows, state=values, transitions=transitions,
                        new_attributes=np.array(new_attributes, dtype=str))
    os.replace(partial, out_path)
    return {"sentences": len(usable), "rows_moved": int((np.abs(state - base_state).max(axis=1) > 1e-9).sum()),
            "new_attributes": len(gold.new_attributes), "prior": prior, "objective": objective,
            "seconds": round(time.perf_counter() - started, 1)}


def _changes(weights: CrfWeights, gold: "_GoldFeatures", state: np.ndarray,
             applies_to: CrfWeights) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The rows (ids), their values and the new attributes (in id order) that turn ``applies_to`` into
    ``weights`` with the gold's rows set to ``state``: what :func:`with_adaptation` reads."""
    known, own = len(weights.attributes), len(applies_to.attributes)
    full = np.zeros((known + len(gold.new_attributes), len(weights.labels)))
    full[:known] = weights.state[:known]
    full[gold.rows] = state
    reference = np.zeros_like(full)
    reference[:own] = applies_to.state[:own]
    changed = np.flatnonzero(np.abs(full - reference).max(axis=1) > 1e-9)
    carried = sorted((row, attribute) for attribute, row in weights.attributes.items() if row >= own)
    return changed, full[changed], [attribute for _, attribute in carried] + gold.new_attributes


@dataclass(frozen=True)
class _GoldFeatures:
    """The gold sentences as the CRF sees them: every token's features as rows of the weight matrix."""

    rows: np.ndarray            # the weight rows the gold touches (ids; new attributes numbered after the known)
    local: np.ndarray           # each feature occurrence, as an index into ``rows``
    bounds: np.ndarray          # token t's occurrences are local[bounds[t]:bounds[t + 1]]
    labels: np.ndarray          # each token's gold label id
    starts: np.ndarray          # each sentence's first token
    lengths: np.ndarray
    new_attributes: list[str]   # attributes the model did not know, in id order

    @classmethod
    def of(cls, weights: CrfWeights, features: FeatureExtractor, sentences: Sequence[Sentence],
           label_index: dict[str, int]) -> "_GoldFeatures":
        known = len(weights.attributes)
        new: dict[str, int] = {}
        flat: list[int] = []
        offsets: list[int] = []
        for sentence in sentences:
            for attributes in features.sentence([w for w, _ in sentence]):
                offsets.append(len(flat))
                for attribute in attributes:
                    row = weights.attributes.get(attribute)
                    if row is None:
                        row = new.setdefault(attribute, known + len(new))
                    flat.append(row)
        flat_rows = np.array(flat, dtype=np.int64)
        rows = np.unique(flat_rows)
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        return cls(rows, np.searchsorted(rows, flat_rows), np.append(offsets, len(flat)).astype(np.int64),
                   np.array([label_index[t] for s in sentences for _, t in s], dtype=np.int64),
                   np.cumsum(lengths) - lengths, lengths, list(new))


def _maximise(gold: _GoldFeatures, base_state: np.ndarray, base_transitions: np.ndarray, prior: float,
              iterations: int) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """The state rows and transitions that minimise the gold's negative log-likelihood plus
    ``prior × Σ (w − w₀)²``, from the base's; and the objective before and after."""
    import torch

    state = torch.from_numpy(base_state.copy())
    transitions = torch.from_numpy(base_transitions.copy())
    optimiser = torch.optim.LBFGS([state, transitions], max_iter=iterations, history_size=10,
                                  line_search_fn="strong_wolfe", tolerance_grad=1e-6)

    def objective():
        w, moves = state.numpy(), transitions.numpy()
        emissions = _token_sums(w, gold.local, gold.bounds)
        emission_gradient = np.empty_like(emissions)
        move_gradient = np.empty_like(moves)
        loss = _negative_log_likelihood(emissions, moves, gold.starts, gold.lengths, gold.labels,
                                        emission_gradient, move_gradient)
        loss += prior * (((w - base_state) ** 2).sum() + ((moves - base_transitions) ** 2).sum())
        state.grad = torch.from_numpy(_row_sums(emission_gradient, gold.local, gold.bounds, len(gold.rows))
                                      + 2 * prior * (w - base_state))
        transitions.grad = torch.from_numpy(move_gradient + 2 * prior * (moves - base_transitions))
        return torch.tensor(loss, dtype=torch.float64)

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # L-BFGS's sums in one order, so a rerun writes the same weights
    try:
        first = objective().item()
        optimiser.step(objective)
        last = objective().item()
    finally:
        torch.set_num_threads(threads)
    return state.numpy(), transitions.numpy(), [round(first, 1), round(last, 1)]


def _token_sums(weights, rows, bounds):
    """Each token's emission scores: the sum of the weight rows of its features (``rows[bounds[t]:bounds[t+1]]``)."""
    out = np.zeros((len(bounds) - 1, weights.shape[1]))
    for t in range(len(bounds) - 1):
        for k in range(bounds[t], bounds[t + 1]):
            row = rows[k]
            for j in range(weights.shape[1]):  # element by element: a row slice would allocate
                out[t, j] += weights[row, j]
    return out


def _row_sums(gradients, rows, bounds, count):
    """The gradient of each weight row: the sum of the emission gradients of the tokens with its feature."""
    out = np.zeros((count, gradients.shape[1]))
    for t in range(len(bounds) - 1):
        for k in range(bounds[t], bounds[t + 1]):
            row = rows[k]
            for j in range(gradients.shape[1]):
                out[row, j] += gradients[t, j]
    return out


def _negative_log_likelihood(emissions, transitions, starts, lengths, tags, emission_gradient, move_gradient):
    """Summed over the sentences: log Z minus the gold path's score (no start or end weights, as crfsuite),
    and its gradients: each token's label marginals minus its gold label, each transition's expected count
    minus its gold count. Forward-backward in probability space, each position scaled (Rabiner 1989)."""
    labels = transitions.shape[0]
    exp_transitions = np.exp(transitions)
    longest = lengths.max()
    forward = np.empty((longest, labels))
    backward = np.empty((longest, labels))
    potentials = np.empty((longest, labels))
    scale = np.empty(longest)
    move_gradient[:] = 0.0
    total = 0.0
    for s in range(starts.shape[0]):
        a, n = starts[s], lengths[s]
        log_z = 0.0
        for t in range(n):
            top = emissions[a + t].max()
            log_z += top
            for j in range(labels):
                potentials[t, j] = np.exp(emissions[a + t, j] - top)
        for t in range(n):
            norm = 0.0
            for j in range(labels):
                value = potentials[t, j]
                if t > 0:
                    inner = 0.0
                    for i in range(labels):
                        inner += forward[t - 1, i] * exp_transitions[i, j]
                    value *= inner
                forward[t, j] = value
                norm += value
            scale[t] = norm
            log_z += np.log(norm)
            for j in range(labels):
                forward[t, j] /= norm
        for j in range(labels):
            backward[n - 1, j] = 1.0
        for t in range(n - 2, -1, -1):
            for i in range(labels):
                value = 0.0
                for j in range(labels):
                    value += exp_transitions[i, j] * potentials[t + 1, j] * backward[t + 1, j]
                backward[t, i] = value / scale[t + 1]
        gold = emissions[a, tags[a]]
        for t in range(n):
            for j in range(labels):
                emission_gradient[a + t, j] = forward[t, j] * backward[t, j]
            emission_gradient[a + t, tags[a + t]] -= 1.0
            if t > 0:
                gold += emissions[a + t, tags[a + t]] + transitions[tags[a + t - 1], tags[a + t]]
                move_gradient[tags[a + t - 1], tags[a + t]] -= 1.0
                for i in range(labels):
                    for j in range(labels):
                        move_gradient[i, j] += (forward[t - 1, i] * exp_transitions[i, j] * potentials[t, j]
                                                * backward[t, j] / scale[t])
        total += log_z - gold
    return total


_token_sums, _row_sums, _negative_log_likelihood = map(compiled, (_token_sums, _row_sums, _negative_log_likelihood))

"""Viterbi tags and their marginal probabilities, compiled with numba.

The same first-order CRF inference crfsuite runs: a path's score is the sum
of its state scores and label-to-label transition weights, with no start or
end weights, and ties go to the lower label id; marginals come from a
forward-backward pass in probability space, rescaled at every position.
Why numba: the loops are over nine labels, too small for numpy's per-call
cost to pay off, and the whole document's sentences go through one call.
The compiled code is cached on disk (``cache=True``, in ``__pycache__`` or
numba's user cache), so only the first load on a machine pays the
compilation (a few seconds); the tagger does it when it loads
(:func:`warm_up`), never on a request.
"""

from __future__ import annotations

import numpy as np

from .compiled import compiled


def _decode(scores, starts, lengths, transitions, paths, marginals):
    labels = transitions.shape[0]
    exp_transitions = np.exp(transitions)
    longest = lengths.max()
    back = np.zeros((longest, labels), np.int64)
    best = np.empty(labels)
    moved = np.empty(labels)
    forward = np.empty((longest, labels))
    backward = np.empty((longest, labels))
    potentials = np.empty((longest, labels))
    for s in range(starts.shape[0]):
        start, length = starts[s], lengths[s]
        # Viterbi
        for j in range(labels):
            best[j] = scores[start, j]
        for t in range(1, length):
            for j in range(labels):
                top = best[0] + transitions[0, j]
                arg = 0
                for i in range(1, labels):
                    value = best[i] + transitions[i, j]
                    if value > top:
                        top = value
                        arg = i
                moved[j] = top + scores[start + t, j]
                back[t, j] = arg
            for j in range(labels):
                best[j] = moved[j]
        label = 0
        for j in range(1, labels):
            if best[j] > best[label]:
                label = j
        paths[start + length - 1] = label
        for t in range(length - 1, 0, -1):
            label = back[t, label]
            paths[start + t - 1] = label
        # forward-backward, each position's potentials scaled by its largest
        for t in range(length):
            top = scores[start + t, 0]
            for j in range(1, labels):
                top = max(top, scores[start + t, j])
            for j in range(labels):
                potentials[t, j] = np.exp(scores[start + t, j] - top)
        total = 0.0
        for j in range(labels):
            total += potentials[0, j]
        for j in range(labels):
            forward[0, j] = potentials[0, j] / total
        for t in range(1, length):
            total = 0.0
            for j in range(labels):
                value = 0.0
                for i in range(labels):
                    value += forward[t - 1, i] * exp_transitions[i, j]
                value *= potentials[t, j]
                forward[t, j] = value
                total += value
            for j in range(labels):
                forward[t, j] /= total
        for j in range(labels):
            backward[length - 1, j] = 1.0
        for t in range(length - 2, -1, -1):
            total = 0.0
            for i in range(labels):
                value = 0.0
                for j in range(labels):
                    value += exp_transitions[i, j] * potentials[t + 1, j] * backward[t + 1, j]
                backward[t, i] = value
                total += value
            for i in range(labels):
                backward[t, i] /= total
        for t in range(length):
            norm = 0.0
            for j in range(labels):
                norm += forward[t, j] * backward[t, j]
            label = paths[start + t]
            marginals[start + t] = forward[t, label] * backward[t, label] / norm


_decode = compiled(_decode, nogil=True)


def warm_up() -> None:
    """Compile (or load the cached compilation) now, at model load, not on the first request."""
    viterbi_with_marginals(np.zeros((1, 2)), [1], np.zeros((2, 2)))


def viterbi_with_marginals(scores: np.ndarray, lengths: list[int],
                           transitions: np.ndarray) -> list[tuple[list[int], list[float]]]:
    """Best label ids and the marginal probability of each, for every sentence of a batch.

    ``scores`` holds the sentences' ``(tokens, labels)`` state scores one after another, ``lengths``
    their token counts (each at least 1); ``transitions[i, j]`` is the weight of label ``i`` followed
    by label ``j``.
    """
    if not lengths:
        return []
    counts = np.array(lengths, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    paths = np.zeros(len(scores), dtype=np.int64)
    marginals = np.zeros(len(scores))
    _decode(np.ascontiguousarray(scores, dtype=np.float64), starts, counts,
            np.ascontiguousarray(transitions, dtype=np.float64), paths, marginals)
    paths_list, marginals_list = paths.tolist(), marginals.tolist()
    return [(paths_list[a:a + n], marginals_list[a:a + n]) for a, n in zip(starts.tolist(), lengths)]

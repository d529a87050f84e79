"""One LSTM time step after its recurrent matrix product, compiled with numba.

Why: the BiLSTM's matrix products are few and large enough for numpy's BLAS,
but every time step also applies three sigmoids and two tanhs to a few
thousand numbers and updates the cell and hidden state. In numpy that is ten
calls per step, each paying its call cost, and a 300-word article has about
fifty steps; here it is one compiled loop per step.

The tanh is a rational function, clamped to [-9, 9] (where tanh is 1 to float32's precision), so the
compiler can vectorise it (a call to the C library's tanh cannot be). Its coefficients were fitted by
weighted least squares, degree 6 over 6 in x², and it stays within 5e-7 of the exact tanh everywhere
(``tests/test_ner_neural.py`` checks it). The arithmetic is plain IEEE (no fast-math) and row by row, so a
row's new state depends only on its own gates and cell.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .compiled import compiled

_LIMIT = np.float32(9.0)
# numerator and denominator coefficients, constant term first
P0, P1, P2, P3, P4, P5, P6 = map(np.float32, (9.99999950e-01, -1.58873896e-01, 3.14236455e-02, 7.94950565e-03,
                                              2.25618700e-04, 1.33614416e-06, 8.44896520e-10))
Q0, Q1, Q2, Q3, Q4, Q5, Q6 = map(np.float32, (1.0, 1.74459115e-01, -4.37560522e-02, 2.40706521e-02,
                                              1.62939187e-03, 2.13660448e-05, 4.99188206e-08))
HALF = np.float32(0.5)


def _tanh(x):
    x = _LIMIT if x > _LIMIT else x
    x = -_LIMIT if x < -_LIMIT else x
    u = x * x
    p = (((((P6 * u + P5) * u + P4) * u + P3) * u + P2) * u + P1) * u + P0
    q = (((((Q6 * u + Q5) * u + Q4) * u + Q3) * u + Q2) * u + Q1) * u + Q0
    return x * p / q


def _step(gates, cell, state, out, active):
    """Gates (directions, rows, 4 hidden; columns i, f, o, g) of the first ``active`` rows to the new cell
    and hidden state, in place; the hidden state is also written to ``out``.

    Each gate is its own view and every loop starts at 0: an index the compiler cannot prove
    non-negative (``g[3 * h + k]``) gets a wrap-around check that stops the vectorisation."""
    h = cell.shape[2]
    for d in range(gates.shape[0]):
        for r in range(active):
            sigmoids = gates[d, r, :3 * h]
            for j in range(sigmoids.shape[0]):  # sigmoid(x) = (tanh(x / 2) + 1) / 2
                sigmoids[j] = HALF * tanh(HALF * sigmoids[j]) + HALF
            candidate = gates[d, r, 3 * h:]
            for j in range(candidate.shape[0]):
                candidate[j] = tanh(candidate[j])
            input_gate, forget_gate, output_gate = sigmoids[:h], sigmoids[h:2 * h], sigmoids[2 * h:]
            old_cell, new_state, new_out = cell[d, r], state[d, r], out[d, r]
            for k in range(h):
                c = forget_gate[k] * old_cell[k] + input_gate[k] * candidate[k]
                old_cell[k] = c
                value = output_gate[k] * tanh(c)
                new_state[k] = value
                new_out[k] = value


# error_model="numpy": no zero-division check in the loops, which would stop the vectorisation
tanh = njit(error_model="numpy", inline="always")(_tanh)
lstm_step = compiled(_step, nogil=True, error_model="numpy")


def warm_up() -> None:
    """Compile (or load the cached compilation) now, at model load, not on the first request."""
    lstm_step(np.zeros((2, 1, 4), np.float32), np.zeros((2, 1, 1), np.float32),
              np.zeros((2, 1, 1), np.float32), np.zeros((2, 1, 1), np.float32), 1)

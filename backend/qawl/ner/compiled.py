"""numba compilation cached on disk, with a fallback where no cache can be written.

Why: every compiled loop of the taggers (Viterbi, the LSTM step, n-gram hashing,
the CRF's adaptation) wants its machine code cached, so only a machine's first
load compiles; a read-only install has no place for that cache, and there the
code is compiled once per process instead.
"""

from __future__ import annotations

from numba import njit


def compiled(function, **options):
    """``function`` compiled by numba with ``options``, its compilation cached on disk where possible."""
    try:
        return njit(cache=True, **options)(function)
    except RuntimeError:  # no writable place for numba's cache: compile once per process instead
        return njit(**options)(function)

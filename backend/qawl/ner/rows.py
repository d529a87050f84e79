"""Growing the arrays in which the taggers keep one row per word seen (:mod:`.state_scores`, :mod:`.neural`).

Both keep each new word's precomputed row in one array, so a sentence's rows come out with one fancy index.
The array doubles when full, so adding words costs amortised constant time; the owner empties it at its cap.
"""

from __future__ import annotations

import numpy as np

__all__ = ["with_room"]


def with_room(rows: np.ndarray, used: int, needed: int, most: int | None = None) -> np.ndarray:
    """``rows`` itself when it has ``needed`` rows; else a zeroed array twice as long (no longer than ``most``,
    never shorter than ``needed``) holding its first ``used`` rows."""
    if needed <= len(rows):
        return rows
    length = 2 * len(rows) if most is None else min(2 * len(rows), most)
    grown = np.zeros((max(needed, length), *rows.shape[1:]), rows.dtype)
    grown[:used] = rows[:used]
    return grown

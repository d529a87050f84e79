"""Greedy selection of non-overlapping character ranges in O(log n) a check.

Keeping the best of many overlapping candidates (quotation-mark pairs, quote
candidates, speaker phrases beside quotes, spans of one label group) with a
scan of everything kept so far is quadratic: a long paragraph with thousands
of quotes made one request take minutes.
"""

from __future__ import annotations

from bisect import bisect_right

__all__ = ["DisjointRanges"]


class DisjointRanges:
    """Half-open ranges ``[start, end)`` that never overlap one another."""

    def __init__(self, ranges=()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in ranges:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with a kept range."""
        i = bisect_right(self._starts, start)
        return (i > 0 and self._ends[i - 1] > start) or (i < len(self._starts) and self._starts[i] < end)

    def add(self, start: int, end: int) -> bool:
        """Keep ``[start, end)`` unless it overlaps a kept range; whether it was kept."""
        if self.overlaps(start, end):
            return False
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True

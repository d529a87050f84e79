"""Character ranges: greedy selection of non-overlapping ones, and overlap queries over spans.

Keeping the best of many overlapping candidates (quotation-mark pairs, quote
candidates, speaker phrases beside quotes, spans of one label group), or
finding the entities under each hashtag, with a scan of everything kept so far
is quadratic: a long paragraph with thousands of quotes made one request take
minutes. Both structures answer in O(log n) a query.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

__all__ = ["DisjointRanges", "SpansByStart"]


class DisjointRanges:
    """Half-open ranges ``[start, end)`` that never overlap one another."""

    def __init__(self, ranges=()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in ranges:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with a kept range."""
        return self._clash(start, end)[0]

    def add(self, start: int, end: int) -> bool:
        """Keep ``[start, end)`` unless it overlaps a kept range; whether it was kept."""
        clashes, i = self._clash(start, end)
        if not clashes:
            self._starts.insert(i, start)
            self._ends.insert(i, end)
        return not clashes

    def _clash(self, start: int, end: int) -> tuple[bool, int]:
        i = bisect_right(self._starts, start)
        return (i > 0 and self._ends[i - 1] > start) or (i < len(self._starts) and self._starts[i] < end), i


class SpansByStart:
    """Spans (anything with ``start`` and ``end``) sorted by start, for overlap queries in O(log n + overlaps)
    even when spans nest; fixed once built."""

    def __init__(self, spans):
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.reach, furthest = [], -1  # the furthest end among the spans up to each index
        for span in self.spans:
            furthest = max(furthest, span.end)
            self.reach.append(furthest)

    def overlapping(self, start: int, end: int) -> list:
        """The spans sharing a position with ``[start, end)``, in start order."""
        i = bisect_left(self.starts, end)  # spans from i on start at or after ``end``
        found = []
        j = i - 1
        while j >= 0 and self.reach[j] > start:
            if self.spans[j].end > start:
                found.append(self.spans[j])
            j -= 1
        return found[::-1]

"""Character ranges: greedy selection of non-overlapping ones, and overlap queries over spans.

Keeping the best of many overlapping candidates (quotation-mark pairs, quote
candidates, speaker phrases beside quotes, spans of one label group), or
finding the entities under each hashtag, with a scan of everything kept so far
is quadratic: a long paragraph with thousands of quotes made one request take
minutes. ``DisjointRanges`` answers in O(log n); ``SpanIndex`` in time that
grows with the length of the query, not with the number of spans.
"""

from __future__ import annotations

from bisect import bisect_right

__all__ = ["DisjointRanges", "SpanIndex"]


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


class SpanIndex:
    """Spans (anything with ``start`` and ``end``) filed under the blocks of text they cover, for overlap
    queries and edits in time proportional to the span's length, whatever the number of spans; spans may
    nest, and may be added, removed or moved while the index is in use.
    """

    BLOCK = 64

    def __init__(self, spans=()):
        self._blocks: dict[int, dict[int, object]] = {}
        self._filed: dict[int, tuple[int, int]] = {}  # id(span) -> the range it is filed under
        for span in spans:
            self.add(span)

    def add(self, span) -> None:
        self._filed[id(span)] = (span.start, span.end)
        for block in self._block_range(span.start, span.end):
            self._blocks.setdefault(block, {})[id(span)] = span

    def remove(self, span) -> None:
        start, end = self._filed.pop(id(span))
        for block in self._block_range(start, end):
            self._blocks[block].pop(id(span), None)

    def __contains__(self, span) -> bool:
        return id(span) in self._filed

    def moved(self, span) -> None:
        """Re-file a span whose ``start`` or ``end`` was changed in place."""
        self.remove(span)
        self.add(span)

    def overlapping(self, start: int, end: int) -> list:
        """The spans sharing a position with ``[start, end)``, in start order."""
        found = {}
        for block in self._block_range(start, end):
            for key, span in self._blocks.get(block, {}).items():
                if span.start < end and start < span.end:
                    found[key] = span
        return sorted(found.values(), key=lambda span: (span.start, span.end))

    def _block_range(self, start: int, end: int) -> range:
        return range(start // self.BLOCK, max(start, end - 1) // self.BLOCK + 1)

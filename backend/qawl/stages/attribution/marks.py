"""Pairing quotation marks, robust to the mess of real news text.

Pairs never cross a newline: a mark left open is closed at the end of its
paragraph (or at the last plausible closing mark in it), so one missing mark
cannot swallow the rest of an article. Straight double quotes are paired by
their context (a mark after a space and before a letter opens, one after a
letter and before a space closes), with nesting depth, so ``"…"الفجر"…"`` and
an odd mark inside a quote both come out as one outer pair. Pairs nested in
another pair are dropped: only outermost pairs are quote candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ranges import DisjointRanges

__all__ = ["MarkPair", "find_pairs", "QUOTE_MARKS"]

QUOTE_MARKS = set("«»“”„\"'‘’‹›″")  # ″ (double prime) stands in for " in some sources
_TYPED = {"«": "»", "“": "”", "„": "“", "‘": "’", "‹": "›"}
_PREFIX_LETTERS = set("وبلفك")
_SPACE = set(" \t\u00a0\u200f\u200e\u061c")


@dataclass(frozen=True)
class MarkPair:
    """One pair of marks: ``open``/``close`` are the marks' offsets (``close``
    is the paragraph end when the mark was never closed); ``start``/``end``
    bound the text inside, whitespace trimmed."""

    open: int
    close: int
    start: int
    end: int
    closed: bool

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def _side(text: str, i: int, para_start: int, para_end: int) -> str:
    """'O' (opens), 'C' (closes) or 'A' (either) for a straight quote at ``i``."""
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    prev_space = prev in _SPACE or prev in "(:[ـ"
    next_space = nxt in _SPACE or nxt in ".,،;؛:!?؟)]…" or i + 1 >= para_end
    if prev_space and not next_space:
        return "O"
    if next_space and not prev_space:
        return "C"
    if prev_space and next_space:
        return "A"
    # Letters on both sides: a one-letter prefix (و"عناصر", ب"…") opens.
    if prev in _PREFIX_LETTERS and (i - 1 == para_start or text[i - 2] in _SPACE):
        return "O"
    if prev in "،,.؟!" or prev.isdigit():
        return "C" if not nxt.isalpha() else "O"
    return "A"


def _straight_pairs(text: str, positions: list[int], para_start: int, para_end: int) -> list[tuple[int, int | None]]:
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    depth = 0
    last_close: int | None = None
    for i in positions:
        side = _side(text, i, para_start, para_end)
        if opened is None:
            if side in "OA":
                opened, depth, last_close = i, 1, None
            continue
        if side == "O":
            depth += 1
            continue
        depth -= 1
        last_close = i
        if depth <= 0:
            pairs.append((opened, i))
            opened = None
    if opened is not None:
        pairs.append((opened, last_close))
    return pairs


def _single_pairs(text: str, positions: list[int], para_start: int, para_end: int) -> list[tuple[int, int | None]]:
    """Straight single quotes: only a clear opener followed by a clear closer."""
    pairs = []
    opened = None
    for i in positions:
        prev = text[i - 1] if i > para_start else " "
        nxt = text[i + 1] if i + 1 < para_end else " "
        if opened is None and (prev in _SPACE or prev in ":(") and nxt.isalpha():
            opened = i
        elif opened is not None and (prev.isalpha() or prev in ".،؟!") and (nxt in _SPACE or nxt in ".,،؛:!?؟"
                                                                         or i + 1 >= para_end):
            pairs.append((opened, i))
            opened = None
    return pairs


def _typed_pairs(text: str, positions: list[int], opener: str, closer: str) -> list[tuple[int, int | None]]:
    pairs = []
    opened = None
    depth = 0
    for i in positions:
        ch = text[i]
        if ch == opener and (opened is None or opener != closer):
            if opened is None:
                opened, depth = i, 1
            else:
                depth += 1
        elif ch == closer and opened is not None:
            depth -= 1
            if depth <= 0:
                pairs.append((opened, i))
                opened = None
    if opened is not None:
        pairs.append((opened, None))
    return pairs


_LEADING_PUNCTUATION = set(".،,…؛;:")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The words inside the marks: whitespace off both ends, and the ellipsis or comma that opens a
    quote taken up mid-speech (``".. أنا ممتن``)."""
    while start < end and (text[start].isspace() or text[start] in _LEADING_PUNCTUATION):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_pairs(text: str) -> list[MarkPair]:
    """Outermost mark pairs of ``text`` in order; nested and crossing pairs dropped."""
    found: list[MarkPair] = []
    para_start = 0
    length = len(text)
    while para_start <= length:
        para_end = text.find("\n", para_start)
        if para_end < 0:
            para_end = length
        positions: dict[str, list[int]] = {}
        for i in range(para_start, para_end):
            if text[i] in QUOTE_MARKS:
                positions.setdefault(text[i], []).append(i)
        if positions:
            raw: list[tuple[int, int | None]] = []
            raw += _straight_pairs(text, positions.get('"', []), para_start, para_end)
            raw += _straight_pairs(text, positions.get("″", []), para_start, para_end)
            raw += _single_pairs(text, positions.get("'", []), para_start, para_end)
            for opener, closer in _TYPED.items():
                marks = sorted(positions.get(opener, []) + positions.get(closer, []))
                if marks:
                    raw += _typed_pairs(text, marks, opener, closer)
            for o, c in raw:
                closed = c is not None
                close = c if closed else para_end
                start, end = _trimmed(text, o + 1, close)
                if end > start:
                    found.append(MarkPair(o, close, start, end, closed))
        para_start = para_end + 1
    # Keep outermost pairs: longest first, drop any pair touching a kept one (marks included).
    taken = DisjointRanges()
    kept = [pair for pair in sorted(found, key=lambda p: (-(p.close - p.open), p.open))
            if taken.add(pair.open, pair.close + 1)]
    return sorted(kept, key=lambda p: p.open)

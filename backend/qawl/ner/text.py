"""Word shapes for the CRF's features.

The CRF sees each token in the same folded form that ``Document.normalised``
uses, :func:`qawl.arabic.fold`.
"""

from __future__ import annotations

from ..arabic import ARABIC_LETTERS

__all__ = ["shape"]

_ARABIC_LETTERS = "".join(sorted(ARABIC_LETTERS))  # for str.strip


def shape(word: str) -> str:
    """A coarse word shape: Arabic, Latin, digits, punctuation or mixed."""
    if not word:
        return "empty"
    if not word.strip(_ARABIC_LETTERS):  # every character is an Arabic letter
        return "ar"
    if word.isdigit():
        return "num" if len(word) != 4 else "num4"
    if word.isascii() and word.isalpha():
        return "lat_cap" if word[0].isupper() else "lat"
    if not any(ch.isalnum() for ch in word):
        return "punct"
    if any(ch in ARABIC_LETTERS for ch in word):
        return "ar_mixed"
    return "mixed"

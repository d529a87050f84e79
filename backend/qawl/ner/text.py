"""Fast folding of Arabic tokens for feature lookup.

The CRF sees each token in the same folded form that ``Document.normalised``
uses (no diacritics or tatweel, alef forms and alef maksura folded), computed
with one ``str.translate`` so feature extraction stays fast. Folding is only
ever applied to copies; offsets come from the original tokens.
"""

from __future__ import annotations

from ..document import _DROPPED, _FOLDED

_TABLE = dict(_FOLDED)
_TABLE.update({ord(ch): None for ch in _DROPPED})

_ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱپچژڤگکی"
ARABIC_LETTERS = frozenset(_ARABIC_LETTERS)


def fold(text: str) -> str:
    """The folded form of ``text`` (same result as ``document.normalise``)."""
    return text.translate(_TABLE)


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its index in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        out = ch.translate(_TABLE)
        if out:
            chars.append(out)
            index.append(i)
    return "".join(chars), index


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

"""Arabic character sets and the one folding function every matcher uses.

A leaf module (it imports nothing from qawl) so that ``document``, the CRF's
features (``ner``), the rule stages and the learning loop can all share the
same definition of "the same word" without importing one another. ``fold``
is what ``Document.normalised`` computes for a whole text, without the map
back to the original offsets: diacritics, tatweel and invisible format
characters are dropped; alef forms, alef maksura and Persian yeh/kaf folded.
Folding is only ever applied to copies; offsets come from the original text.
"""

from __future__ import annotations

__all__ = ["ARABIC_LETTERS", "DIACRITICS", "DROPPED", "LETTER_FOLDS", "fold", "fold_with_index"]

# Arabic diacritics (harakat, tanween, shadda, sukun, dagger alif, small marks):
# combining marks that belong to the letter before them.
DIACRITICS = frozenset(
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656"
    "\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670"
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3"
    "\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
# Dropped when folding: diacritics, tatweel and invisible format characters (zero-width
# and bidi marks, the Arabic letter mark U+061C, the soft hyphen, the word joiner, the BOM).
DROPPED = DIACRITICS | frozenset(
    "\u0640"  # tatweel
    "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff"
    "\u061c\u00ad\u2060"
)
# One-to-one letter folds (a ``str.translate`` table): alef forms, alef maksura, Persian yeh/kaf.
LETTER_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك"})

_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱپچژڤگکی"
ARABIC_LETTERS = frozenset(_LETTERS)

# Both steps in one table, so folding a word is a single ``str.translate``.
_FOLD_TABLE = dict(LETTER_FOLDS)
_FOLD_TABLE.update({ord(ch): None for ch in DROPPED})


def fold(text: str) -> str:
    """The folded form of ``text``: the text of ``Document.normalised`` (``document.NormalisedView``)."""
    return text.translate(_FOLD_TABLE)


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its index in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        out = ch.translate(_FOLD_TABLE)
        if out:
            chars.append(out)
            index.append(i)
    return "".join(chars), index

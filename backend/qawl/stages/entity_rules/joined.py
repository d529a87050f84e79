"""Joined names: a name spelt in letters joined by full stops is one entity (``بي.إن.بي باريبا``,
``سي.بي.سي``, ``إف.بي.آي``), so is a site's name with its domain (``توتوسبورت.كوم``, ``Change.org``), and
so is a name joined by a hyphen (``كيم جونغ-أون``, ``جان-بيار``, ``تيانقونغ-1``, ``إف-35``).

The tokenizer cuts at every full stop, so the tagger finds one piece (``[بي].إن.بي``) or the last
piece with the word after it (``بي.إن.[بي باريبا]``). An entity that touches a full stop grows over
the pieces joined to it, a few letters each (a letter's name: ``إن``, ``بي``, ``آر``), or over the
site's name before a domain; the entities it then overlaps merge into it. A single letter before a
full stop on its own is a title (``د.`` doctor) and stays outside. The tokenizer cuts at a hyphen too: an
entity with a hyphen against its end (or its start) and a word or number against the hyphen's other side
grows over that word; a hyphen with a space after it (``فرانس- إنتر``) joins nothing, and neither does one
with a definite word on either side (``هورويا-الأهلي``: two clubs). One word joined to a number
(``بدر-1``, ``إس-400``, ``تيانقونغ-1``) names a thing, a craft, a weapon or a model: MISC, where the tagger
had a person or a body."""

from __future__ import annotations

import re

from ...document import Document
from .base import Lists, SpanEdits, Words

PIECE = 3  # letters: a letter's name spelt out (بي، إن، جيه) or a short domain (كوم)
MAX_PIECES = 6  # a chain longer than this is no name (and the rule stays linear on any text)
MAX_HYPHENED = 15  # characters of the word on a hyphen's other side
DOMAINS = frozenset({"كوم", "نت", "com", "net", "org"})
LABEL_ORDER = ("ORG", "MISC", "LOC", "PER")  # on a tie: a dotted name is most often a body's, then a thing's
_NUMBERED = re.compile(r"\S+-\d+")  # one word, a hyphen, a number


def apply(doc: Document, words: Words, lists: Lists) -> None:
    text = doc.text
    with SpanEdits(doc) as edits:
        merged_away: set[int] = set()
        for span in sorted(edits.overlapping(0, len(text)), key=lambda s: s.start):
            if id(span) in merged_away:
                continue
            start, end = _grown(text, span.start, span.end)
            if (start, end) == (span.start, span.end):
                continue
            merged = edits.overlapping(start, end)
            for _ in range(MAX_PIECES):  # a merged entity may reach further dotted pieces (سي.إم.إيه سي.جي.إم)
                start, end = _grown(text, min(start, *(s.start for s in merged)), max(end, *(s.end for s in merged)))
                wider = edits.overlapping(start, end)
                if len(wider) == len(merged):
                    break
                merged = wider
            label = _label(merged)
            if label in ("PER", "ORG") and _NUMBERED.fullmatch(text, start, end):
                label = "MISC"  # بدر-1، إس-400: a craft or a weapon
            merged_away.update(id(s) for s in merged)
            edits.remove(merged)
            edits.add(start, end, label)


def _label(merged) -> str:
    """The label of the merged pieces that cover the most characters (``[كيم جونغ]-[أون]``, PER over ORG: the
    tagger reads a lone syllable poorly), on a tie the first in :data:`LABEL_ORDER`."""
    cover: dict[str, int] = {}
    for span in merged:
        cover[span.label] = cover.get(span.label, 0) + span.end - span.start
    return min(cover, key=lambda label: (-cover[label], LABEL_ORDER.index(label)))


def _grown(text: str, start: int, end: int) -> tuple[int, int]:
    """The range of ``text[start:end]`` with the dotted pieces and a hyphened word joined to either end."""
    start, end = _dotted(text, start, end)
    # a word with the article on the hyphen's other side is a name of its own: two clubs of a match
    # (هورويا-الأهلي) or two places of a road (المخا-البرح)
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum() and not text.startswith("ال", end + 1):
        end = min(_run_end(text, end + 1, digits=True), end + 1 + MAX_HYPHENED)
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum() and not text.startswith("ال", start):
        word_start = max(_run_start(text, start - 1, digits=True), start - 1 - MAX_HYPHENED)
        if not text.startswith("ال", word_start):
            start = word_start
    return start, end


def _dotted(text: str, start: int, end: int) -> tuple[int, int]:
    """The range of ``text[start:end]`` with the dotted pieces joined to either end."""
    for _ in range(MAX_PIECES):
        piece_end = _run_end(text, end + 1) if end + 1 < len(text) and text[end] == "." else end + 1
        piece = text[end + 1:piece_end]
        if not piece or (len(piece) > PIECE and piece not in DOMAINS):
            break
        end = piece_end
    a_domain = text[start:_run_end(text, start)] in DOMAINS  # [كوم] after the site's name
    for _ in range(MAX_PIECES):
        piece_start = _run_start(text, start - 1) if start >= 2 and text[start - 1] == "." else start - 1
        piece = text[piece_start:start - 1]
        chained = piece_start > 0 and text[piece_start - 1] == "."  # آر.بي.: not a title's د.
        if not piece or not (2 <= len(piece) <= PIECE or (len(piece) == 1 and chained) or a_domain):
            break
        start, a_domain = piece_start, False
    return start, end


def _run_end(text: str, i: int, digits: bool = False) -> int:
    """Where the run of letters (and digits, when ``digits``) starting at ``i`` ends."""
    while i < len(text) and (text[i].isalpha() or digits and text[i].isdigit()):
        i += 1
    return i


def _run_start(text: str, i: int, digits: bool = False) -> int:
    """Where the run of letters (and digits, when ``digits``) ending at ``i`` starts."""
    while i > 0 and (text[i - 1].isalpha() or digits and text[i - 1].isdigit()):
        i -= 1
    return i

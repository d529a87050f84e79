"""Interactive pre-annotation on plain objects: the model's Document revised around what an annotator drew.

:func:`guide` takes an annotated :class:`~qawl.document.Document` and the regions an annotator just drew
(:class:`Drawn`) and rewrites the Document's spans and ``said`` relations so that they agree with them. The
drawn regions are added to the Document as spans carrying ``attrs["drawn"]`` (their Label Studio id); the
caller emits every other span as a suggestion and points relations at the drawn ids.

The rules, in order:

1. **A drawn region replaces the model's spans it collides with in its group** (same span, containing,
   contained, overlapping). A model span with the same label is *absorbed*: its relations move to the drawn
   region (a drawn SPEAKER inherits every quote the model gave the speaker it overlaps, follow-ups
   included; a drawn QUOTE inherits the model quote's speaker). A model QUOTE cut by a drawn SPEAKER is
   *re-cut* around it: the pieces left on either side (two words or more) stay quotes of the same speaker.
   Any other colliding span is dropped.
2. **A drawn SPEAKER that absorbed no model speaker** (the model missed it) becomes the source of

   * the quotes of its own sentence that the model left without a speaker of that sentence (no speaker, or
     one remembered from an earlier sentence), and the pieces of a quote it re-cut;
   * the unattributed quotes of the sentence just before it when no speaker lies in between
     (``«…». بهذه الكلمات ختم النقيب …``);
   * the follow-ups: the quotes after its sentence that have no speaker of their own sentence (``وأضاف أن …``,
     pronoun and implicit-subject continuations), up to the next SPEAKER region (the model's or drawn).

   Gender agreement is not checked. Each such quote loses the model's speaker: a quote has one source.
3. **A drawn QUOTE without a speaker after 1–2** gets the nearest drawn SPEAKER of its sentence, else the
   nearest model SPEAKER of its sentence, else the speaker of the closest earlier quote, else the only drawn
   SPEAKER of the context.
4. **A drawn entity** is proposed with its label at every other occurrence of the same name: folded
   (diacritics, tatweel, alef forms), as a whole word after at most a proclitic (و ف ب ك ل, two at most;
   ``لل`` for a name with the article). The model's entity spans overlapping an occurrence give way.
5. A relation the annotator drew is kept as it is: its quote gets no other speaker from us, and we never
   repeat it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .arabic import ARABIC_LETTERS, fold
from .document import ATTRIBUTION, ENTITY, Document, Span

__all__ = ["Drawn", "guide", "is_drawn"]

SPEAKER, QUOTE, SAID = "SPEAKER", "QUOTE", "said"
SAME_NAME_SCORE = 0.9
_PROCLITICS = {"", "و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك"}
_PIECE_TRIM = set(" \t\r\n\u00a0.,،;؛:!?؟…«»\"“”'‘’()[]-–—")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Drawn:
    """One region the annotator drew: its id, offsets, qawl label and group."""

    key: str
    start: int
    end: int
    label: str
    group: str


def is_drawn(span: Span) -> bool:
    return "drawn" in span.attrs


def guide(doc: Document, drawn: list[Drawn], drawn_links: set[tuple[str, str]] = frozenset()) -> None:
    """Revise ``doc`` around the ``drawn`` regions and the ``drawn_links`` (speaker id, quote id) (see module doc)."""
    if not drawn:
        return
    spans = {d.key: doc.add_span(d.start, d.end, d.label, d.group, 1.0, "drawn", priority=100, drawn=d.key)
             for d in drawn}
    by_key = spans
    linked_by_annotator = {by_key[q] for s, q in drawn_links if s in by_key and q in by_key}
    absorbed: set[int] = set()  # drawn spans that took over a model span of their label
    recut_from: dict[int, list[Span]] = {}  # drawn SPEAKER -> quote pieces re-cut around it

    for span in spans.values():
        _collide(doc, span, absorbed, recut_from)

    for span in sorted((s for s in spans.values() if s.label == SPEAKER), key=lambda s: s.start):
        if id(span) not in absorbed:
            for quote in _claimed_quotes(doc, span, recut_from.get(id(span), [])):
                if quote not in linked_by_annotator:
                    _set_speaker(doc, quote, span)

    for span in sorted((s for s in spans.values() if s.label == QUOTE), key=lambda s: s.start):
        if span not in linked_by_annotator and not _speaker_of(doc, span):
            speaker = _proposed_speaker(doc, span, [s for s in spans.values() if s.label == SPEAKER])
            if speaker is not None:
                doc.add_relation(speaker, span, SAID, 0.7)

    for quote in linked_by_annotator:  # the annotator's link is the only one
        doc.relations = [r for r in doc.relations if r.tail is not quote]

    for span in spans.values():
        if span.group == ENTITY:
            _same_name(doc, span)

    _dedupe_relations(doc)


# --- 1. collisions ---------------------------------------------------------------------------------
def _collide(doc: Document, span: Span, absorbed: set[int], recut_from: dict[int, list[Span]]) -> None:
    for other in [s for s in doc.spans if s.group == span.group and s is not span and s.overlaps(span)]:
        if is_drawn(other):
            continue
        if other.label == span.label:
            _move_relations(doc, other, span)
            absorbed.add(id(span))
        elif other.label == QUOTE and span.label == SPEAKER:
            pieces = _recut(doc, other, span)
            for piece in pieces:
                _copy_tail_relations(doc, other, piece)
            recut_from.setdefault(id(span), []).extend(pieces)
        doc.remove_spans([other])


def _move_relations(doc: Document, old: Span, new: Span) -> None:
    for relation in doc.relations:
        if relation.head is old:
            relation.head = new
        if relation.tail is old:
            relation.tail = new


def _copy_tail_relations(doc: Document, old: Span, new: Span) -> None:
    for relation in list(doc.relations):
        if relation.tail is old:
            doc.add_relation(relation.head, new, relation.label, relation.score)


def _recut(doc: Document, quote: Span, cut: Span) -> list[Span]:
    pieces = []
    for start, end in ((quote.start, cut.start), (cut.end, quote.end)):
        while start < end and doc.text[start] in _PIECE_TRIM:
            start += 1
        while end > start and doc.text[end - 1] in _PIECE_TRIM:
            end -= 1
        if len(_WORD.findall(doc.text[start:end])) >= 2:
            pieces.append(doc.add_span(start, end, QUOTE, ATTRIBUTION, quote.score, quote.source + ".recut",
                                       **quote.attrs))
    return pieces


# --- 2. a speaker the model missed --------------------------------------------------------------------
def _sentence(doc: Document, offset: int) -> tuple[int, int]:
    sentences = doc.sentences
    k = bisect_right([s for s, _ in sentences], offset) - 1
    if k >= 0 and sentences[k][0] <= offset < sentences[k][1]:
        return sentences[k]
    return (offset, offset + 1)


def _speaker_of(doc: Document, quote: Span) -> list[Span]:
    return [r.head for r in doc.relations if r.tail is quote]


def _own_speaker(doc: Document, quote: Span) -> bool:
    """Has the quote a speaker inside its own sentence (not one remembered from before)?"""
    start, end = _sentence(doc, quote.start)
    return any(start <= s.start < end for s in _speaker_of(doc, quote))


def _claimed_quotes(doc: Document, speaker: Span, pieces: list[Span]) -> list[Span]:
    quotes = sorted(doc.spans_of(ATTRIBUTION, QUOTE), key=lambda s: s.start)
    speakers = [s for s in doc.spans_of(ATTRIBUTION, SPEAKER) if s is not speaker]
    first, last = _sentence(doc, speaker.start)
    claimed = [q for q in quotes
               if first <= q.start < last and (q in pieces or not _own_speaker(doc, q)) and not _drawn_head(doc, q)]
    before = [s for s, _ in doc.sentences if s < first]
    if before:
        previous = before[-1]
        claimed += [q for q in quotes if previous <= q.start < first and not _speaker_of(doc, q)
                    and not any(q.end <= s.start < speaker.start for s in speakers)]
    next_speaker = min((s.start for s in speakers if s.start >= last), default=len(doc.text))
    for quote in quotes:
        if last <= quote.start < next_speaker:
            if _own_speaker(doc, quote) or _drawn_head(doc, quote):
                break
            claimed.append(quote)
    return claimed


def _drawn_head(doc: Document, quote: Span) -> bool:
    return any(is_drawn(s) for s in _speaker_of(doc, quote))


def _set_speaker(doc: Document, quote: Span, speaker: Span) -> None:
    doc.relations = [r for r in doc.relations if r.tail is not quote]
    doc.add_relation(speaker, quote, SAID, 0.7)


# --- 3. a drawn quote's speaker -------------------------------------------------------------------------
def _proposed_speaker(doc: Document, quote: Span, drawn_speakers: list[Span]) -> Span | None:
    first, last = _sentence(doc, quote.start)

    def nearest(candidates):
        inside = [s for s in candidates if first <= s.start < last and not s.overlaps(quote)]
        return min(inside, key=lambda s: abs(s.start - quote.start), default=None)

    found = nearest(drawn_speakers) or nearest(doc.spans_of(ATTRIBUTION, SPEAKER))
    if found is not None:
        return found
    earlier = [q for q in doc.spans_of(ATTRIBUTION, QUOTE) if q.end <= quote.start and _speaker_of(doc, q)]
    if earlier:
        return _speaker_of(doc, max(earlier, key=lambda q: q.end))[0]
    return drawn_speakers[0] if len(drawn_speakers) == 1 else None


# --- 4. the same name elsewhere ---------------------------------------------------------------------------
def _same_name(doc: Document, drawn: Span) -> None:
    name = fold(doc.text[drawn.start:drawn.end]).strip()
    if len(name) < 2:
        return
    view = doc.normalised
    folded = view.text
    forms = [(name, _PROCLITICS)]
    if name.startswith("ال") and len(name) > 3:  # للأمم المتحدة: ل + (ا)لأمم
        forms.append(("ل" + name[2:], {"ل", "ول", "فل"}))
    occurrences = []
    for form, prefixes in forms:
        at = folded.find(form)
        while at >= 0:
            end = at + len(form)
            word_start = at
            while word_start > 0 and folded[word_start - 1] in ARABIC_LETTERS:
                word_start -= 1
            if folded[word_start:at] in prefixes and (end >= len(folded) or folded[end] not in ARABIC_LETTERS):
                occurrences.append(view.to_original(at, end))
            at = folded.find(form, at + 1)
    for start, end in sorted(set(occurrences)):
        if any(s.group == ENTITY and s.start < end and start < s.end and is_drawn(s) for s in doc.spans):
            continue  # the drawn region itself, or another one the annotator drew
        doc.remove_spans([s for s in doc.spans if s.group == ENTITY and s.start < end and start < s.end])
        doc.add_span(start, end, drawn.label, ENTITY, SAME_NAME_SCORE, "interactive.same-name")


def _dedupe_relations(doc: Document) -> None:
    seen, kept = set(), []
    present = {id(s) for s in doc.spans}
    for relation in doc.relations:
        key = (id(relation.head), id(relation.tail))
        if key not in seen and key[0] in present and key[1] in present:
            seen.add(key)
            kept.append(relation)
    doc.relations = kept

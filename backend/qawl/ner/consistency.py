"""Document-level consistency: a name recognised once is recognised across the article.

After every sentence is tagged, three steps run in this order:

1. :func:`complete_names`: a mention that covers only part of a longer name
   the article tags confidently elsewhere, with the rest of that name beside
   it left untagged, grows to the whole name (``الله`` alone becomes
   ``الحمد الله`` in an article about ``رامي الحمد الله``).
2. :func:`relabel`: a name keeps one label across the article; a mention
   whose confident mentions elsewhere mostly carry another label takes that
   label (``الناتو`` tagged LOC once, and ORG elsewhere, becomes ORG).
3. :func:`propagate`: each confidently tagged entity (its words folded,
   proclitics off the first word) is looked for where the CRF left only
   ``O`` tags, and tagged there with the label it got most often. Very
   common words are not propagated alone (a one-word name must be rare
   enough in news to be a name wherever it appears).

A word met after the first word of a confidently tagged person's name is a
whole name in that article: ``رضوان فايد`` makes a later ``فايد`` the name
``فايد``, not the conjunction ``ف`` + ``ايد``. :func:`inner_name_words` finds
those words, and both the propagation and the clitic split
(:class:`ArticleSegmenter`) keep them whole.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .conll import entities_of
from .features import FeatureExtractor
from .segment import Segmentation, Segmenter

MIN_SCORE = 0.5  # was 0.7; 0.5 adds recall on both ANERcorp folds (dev +0.5 F1, first 10% +0.1)
MAX_SINGLE_WORD_COUNT = 20_000
RELABEL_MARGIN = 1.5  # the other label's summed confidence must be this many times the mention's own label's


def confident_entities(sentences, tagged, min_score: float = MIN_SCORE):
    """``(sentence, label, first, last, score)`` for every tagged entity whose mean marginal is at least ``min_score``."""
    for sentence, (tags, probs) in zip(sentences, tagged):
        for label, first, last in entities_of(tags):
            score = sum(probs[first:last]) / (last - first)
            if score >= min_score:
                yield sentence, label, first, last, score


def inner_name_words(sentences, tagged, features: FeatureExtractor, min_score: float = MIN_SCORE) -> frozenset[str]:
    """Folded words after the first word of a confident PER entity (the conjunction و excepted)."""
    found = set()
    for sentence, label, first, last, _ in confident_entities(sentences, tagged, min_score):
        if label != "PER" or last - first < 2:
            continue
        for token in sentence[first + 1:last]:
            word = features.info(token.text).word
            if not word.startswith("و"):  # وراموس in «كاسياس وراموس» is و + a second name
                found.add(word)
    return frozenset(found)


class ArticleSegmenter:
    """A segmenter that keeps one article's inner name words whole and asks ``segmenter`` otherwise."""

    def __init__(self, segmenter: Segmenter, whole: frozenset[str]):
        self.segmenter = segmenter
        self.whole = whole

    @property
    def names(self):
        return self.segmenter.names

    def __call__(self, word: str) -> Segmentation:
        return Segmentation("", word, 0) if word in self.whole else self.segmenter(word)


def _key(features: FeatureExtractor, words: list[str], whole: frozenset[str] = frozenset()) -> tuple[str, ...]:
    info = features.info(words[0])
    first = info.word if info.word in whole else info.core
    return (first, *(features.info(w).word for w in words[1:]))


def complete_names(sentences, tagged, features: FeatureExtractor, min_score: float = MIN_SCORE,
                   whole: frozenset[str] = frozenset()) -> int:
    """Grow each tagged entity to the longest confident multi-word name of the article that contains it.

    The name's other words must stand next to the entity, untagged; the grown entity takes the label
    the name mostly got and keeps the mention's own confidence. ``tagged`` is changed in place;
    returns how many entities grew.
    """
    names: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for sentence, label, first, last, _ in confident_entities(sentences, tagged, min_score):
        if last - first >= 2:
            names[_key(features, [t.text for t in sentence[first:last]], whole)][label] += 1
    if not names:
        return 0
    longest = max(len(k) for k in names)
    grown = 0
    for sentence, (tags, probs) in zip(sentences, tagged):
        for _, first, last in entities_of(tags):
            window = _longest_name_around(sentence, tags, first, last, names, longest, features, whole)
            if window is None:
                continue
            start, end, label = window
            score = sum(probs[first:last]) / (last - first)
            for j in range(start, end):
                tags[j] = ("B-" if j == start else "I-") + label
                probs[j] = score
            grown += 1
    return grown


def _longest_name_around(sentence, tags, first, last, names, longest, features, whole):
    """``(start, end, label)`` of the longest known name covering tokens ``first:last``, or None."""
    n = len(tags)
    for size in range(min(longest, n), last - first, -1):
        for start in range(max(0, last - size), min(first, n - size) + 1):
            end = start + size
            if any(tags[j] != "O" for j in range(start, end) if not first <= j < last):
                continue
            if end < n and tags[end].startswith("I-"):
                continue
            votes = names.get(_key(features, [t.text for t in sentence[start:end]], whole))
            if votes:
                return start, end, votes.most_common(1)[0][0]
    return None


def relabel(sentences, tagged, features: FeatureExtractor, min_score: float = MIN_SCORE,
            whole: frozenset[str] = frozenset(), margin: float = RELABEL_MARGIN) -> int:
    """Give each tagged entity the label its name's confident mentions in the article mostly carry.

    Each confident mention votes for its label with its score; a mention changes label when another
    label outweighs its own by ``margin`` (its own mention counts too, so one stray vote never wins).
    ``tagged`` is changed in place; returns how many entities changed label.
    """
    weights: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    best_score: dict[tuple[tuple[str, ...], str], float] = {}
    for sentence, label, first, last, score in confident_entities(sentences, tagged, min_score):
        key = _key(features, [t.text for t in sentence[first:last]], whole)
        weights[key][label] += score
        best_score[key, label] = max(best_score.get((key, label), 0.0), score)
    changed = 0
    for sentence, (tags, probs) in zip(sentences, tagged):
        for label, first, last in entities_of(tags):
            key = _key(features, [t.text for t in sentence[first:last]], whole)
            votes = weights.get(key)
            if not votes:
                continue
            winner, weight = votes.most_common(1)[0]
            if winner == label or weight < margin * votes.get(label, 0.0):
                continue
            for j in range(first, last):
                tags[j] = ("B-" if j == first else "I-") + winner
                probs[j] = best_score[key, winner] * 0.9
            changed += 1
    return changed


def propagate(sentences, tagged, features: FeatureExtractor, min_score: float = MIN_SCORE,
              whole: frozenset[str] = frozenset()) -> int:
    """Tag further mentions in place; ``tagged`` holds ``(tags, probs)`` per sentence. Returns how many.

    ``whole`` are words known to be names in this article (:func:`inner_name_words`): they are
    matched as they are written, not without a proclitic-looking first letter.
    """
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    scores: dict[tuple[str, ...], float] = {}
    for sentence, label, first, last, score in confident_entities(sentences, tagged, min_score):
        key = _key(features, [t.text for t in sentence[first:last]], whole)
        keys = [key]
        if label == "PER" and len(key) >= 2:
            keys.append(key[-1:])  # a person named in full is later named by the last name
        for k in keys:
            if len(k) == 1 and (features.clusters.counts.get(k[0], 0) > MAX_SINGLE_WORD_COUNT or len(k[0]) < 3):
                continue
            votes[k][label] += 1
            scores[k] = max(scores.get(k, 0.0), score)
    if not votes:
        return 0
    longest = max(len(k) for k in votes)
    firsts = {k[0] for k in votes}
    added = 0
    for sentence, (tags, probs) in zip(sentences, tagged):
        words = [t.text for t in sentence]
        i = 0
        while i < len(words):
            info = features.info(words[i])
            if tags[i] != "O" or (info.core not in firsts and info.word not in firsts):
                i += 1
                continue
            for size in range(min(longest, len(words) - i), 0, -1):
                if any(tag != "O" for tag in tags[i:i + size]):
                    continue
                if i + size < len(tags) and tags[i + size].startswith("I-"):
                    continue
                key = _key(features, words[i:i + size], whole)
                if key in votes:
                    label = votes[key].most_common(1)[0][0]
                    tags[i] = "B-" + label
                    probs[i] = scores[key] * 0.9
                    for j in range(i + 1, i + size):
                        tags[j] = "I-" + label
                        probs[j] = scores[key] * 0.9
                    added += 1
                    i += size
                    break
            else:
                i += 1
    return added

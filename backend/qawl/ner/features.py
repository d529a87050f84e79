"""CRF features for one sentence of tokens.

Per word (cached, so a word costs once per process): the folded form, the
proclitic split and the stem, affixes, shape, corpus frequency, cluster ids,
trigger lists and the stem's name-likeness statistics from unlabelled news
(:mod:`qawl.ner.namestats`). Per position: the same for the neighbours,
the gazetteer match (longest match, IOB-coded) over the sentence, and for
words inside «…» the word that opens the quotation (``برنامج «…»``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..arabic import fold
from ..shipped import SHIPPED_MODEL_DIR
from .namestats import load_namestats
from .resources import Clusters, Gazetteer, load_clusters, load_gazetteer, load_topics, load_triggers
from .segment import WORD_CACHE_SIZE, Segmenter
from .text import shape

NAMESTATS_FILE = "namestats.tsv"
# position features: the gazetteer match at the word, before it and after it; sentence ends
GAZ_OWN, GAZ_PREV, GAZ_NEXT = "g=", "g-1=", "g+1="
PAIR = "ww-1="  # the previous word's core and the word's, joined by "|"
BOS, EOS = "BOS", "EOS"
MAX_QUOTED = 8  # words into a «…» quotation that still see the word before it
_OPEN = frozenset("«“")
_CLOSE = frozenset("»”")
_SYMMETRIC = frozenset('"')


_LENGTHS = tuple(f"len={n}" for n in range(11))
_FREQUENCIES = tuple(f"fr={n}" for n in range(17))
_CLUSTER_LEVELS = tuple(f"k{level}=" for level in range(16))  # clusters files have up to 16 granularities


@functools.lru_cache(maxsize=None)  # a few thousand distinct code strings
def _stats_features(codes: str) -> tuple[str, ...]:
    return tuple(f"n{i}={c}" for i, c in enumerate(codes))


class WordInfo(NamedTuple):  # a named tuple: built for every new word, and cheaper to build than a dataclass
    own: tuple[str, ...]      # features of the word at its own position
    word: str                 # folded token
    core: str                 # without proclitics (article kept)
    cluster: str              # mid-granularity cluster of the core
    coarse: str               # coarsest cluster of the core
    stats: str                # name-likeness bucket codes of the core ("" when unknown)
    trigger: str              # trigger label or ""
    prefix: str


# What a word lends the feature lists of its neighbours, as (feature prefix, WordInfo field): the word
# after it sees its word, core, cluster, trigger and prefix as w-1, c-1 …; the word two after, c-2 ….
LENT_TO_NEXT = (("w-1=", "word"), ("c-1=", "core"), ("k-1=", "cluster"), ("t-1=", "trigger"), ("p-1=", "prefix"))
LENT_TO_NEXT2 = (("c-2=", "core"), ("k-2=", "cluster"), ("t-2=", "trigger"))
LENT_TO_PREV = (("w+1=", "word"), ("c+1=", "core"), ("k+1=", "cluster"), ("t+1=", "trigger"), ("p+1=", "prefix"))
LENT_TO_PREV2 = (("c+2=", "core"), ("k+2=", "cluster"))
# and its name-likeness codes, as (feature prefix, index into WordInfo.stats): does it take titles,
# first names, the article?
STATS_TO_NEXT = (("n-1p=", 0), ("n-1f=", 4), ("n-1a=", 6))
STATS_TO_PREV = (("n+1p=", 0), ("n+1f=", 4), ("n+1a=", 6))


def lent(info: "WordInfo", templates: tuple[tuple[str, str], ...], stats: tuple[tuple[str, int], ...] = ()) -> list[str]:
    """The features ``info`` lends a neighbour, by ``templates`` (and ``stats`` when the word has codes)."""
    feats = [prefix + getattr(info, field) for prefix, field in templates]
    if stats and info.stats:
        feats += [prefix + info.stats[index] for prefix, index in stats]
    return feats


class FeatureExtractor:
    """Turns token strings into crfsuite feature lists."""

    def __init__(self, gazetteer: Gazetteer, triggers: dict[str, str], clusters: Clusters,
                 topics: dict[str, str] | None = None, namestats: dict[str, str] | None = None):
        self.topics = topics or {}
        self.namestats = namestats or {}
        self.gazetteer = gazetteer
        self.triggers = triggers
        self.clusters = clusters
        self.segmenter = Segmenter(clusters.counts, gazetteer.single_words)
        self._cache: dict[str, WordInfo] = {}

    @classmethod
    def from_model_dir(cls, model_dir: Path, clusters_file: str = "clusters.tsv") -> "FeatureExtractor":
        path = Path(model_dir) / clusters_file
        if not path.exists():  # a trained model directory may rely on the shipped clusters
            path = SHIPPED_MODEL_DIR / clusters_file
        overlay = Path(model_dir) / "gazetteers"
        return cls.from_clusters_file(path, overlay if overlay.is_dir() else None)

    @classmethod
    def from_clusters_file(cls, path: Path | None, overlay: Path | None = None) -> "FeatureExtractor":
        """Features with the shipped gazetteers, triggers and topics, and the given clusters file.

        ``overlay`` is a model version's own ``gazetteers`` directory (names and
        titles learnt from a project's annotations, same file layout as the
        shipped lists); its entries are added to the shipped ones.
        """
        gazetteer, triggers = load_gazetteer(), load_triggers()
        if overlay is not None:
            load_gazetteer(overlay, gazetteer)
            load_triggers(overlay / "triggers", triggers)
        stats = Path(path).with_name(NAMESTATS_FILE) if path is not None else None
        if stats is None or not stats.exists():
            stats = SHIPPED_MODEL_DIR / NAMESTATS_FILE
        return cls(gazetteer, triggers, load_clusters(path), load_topics(), load_namestats(stats))

    def info(self, token: str) -> WordInfo:
        found = self._cache.get(token)
        if found is None:
            found = self._info(token)
            if len(self._cache) < WORD_CACHE_SIZE:  # bounded: a worker on an archive stays flat once full
                self._cache[token] = found
        return found

    def _info(self, token: str) -> WordInfo:
        word = fold(token)
        seg = self.segmenter(word)
        core, bare, prefix = seg.core, seg.bare, seg.prefix
        cluster_ids, names = self.clusters.ids, self.gazetteer.names
        ids = cluster_ids.get(core) or cluster_ids.get(word) or ()
        count = self.clusters.counts.get(core, 0)
        trigger = self.triggers.get(core) or self.triggers.get(bare) or ""
        own = [
            "w=" + word,
            "c=" + core,
            "b=" + bare,
            "p=" + prefix,
            "sh=" + shape(word),
            "s2=" + bare[-2:],
            "s3=" + bare[-3:],
            "f2=" + bare[:2],
            "f3=" + bare[:3],
            _LENGTHS[min(len(bare), 10)],
            _FREQUENCIES[min((count + 1).bit_length() - 1, 16)],  # floor(log2(count + 1))
        ]
        if core is not bare:
            own.append("al")
        own += [level + cid for level, cid in zip(_CLUSTER_LEVELS, ids)]
        if core != word and word in cluster_ids:
            own.append("kw=" + cluster_ids[word][-1])
        if trigger:
            own.append("t=" + trigger)
        if core in names:
            own.append("gw=" + names[core])
        if bare != core and bare in names:
            own.append("gb=" + names[bare])
        codes = self.namestats.get(core, "")
        if codes:
            own += _stats_features(codes)
        mid = ids[min(1, len(ids) - 1)] if ids else "-"
        coarse = ids[0] if ids else "-"
        return WordInfo(tuple(own), word, core, mid, coarse, codes, trigger, prefix)

    def gazetteer_tags(self, infos: list[WordInfo]) -> list[str]:
        """Longest gazetteer match at each position, as ``B-LABEL``/``I-LABEL`` or ``""``."""
        tags = [""] * len(infos)
        names, first_words, longest = self.gazetteer.names, self.gazetteer.first_words, self.gazetteer.longest
        n = len(infos)
        covered = 0  # positions before this are inside a match already
        for i in [i for i, x in enumerate(infos) if x.core in first_words]:  # most words start no name
            if i < covered:
                continue
            first = infos[i].core
            for size in range(min(longest, n - i), 0, -1):
                key = first if size == 1 else " ".join([first] + [x.word for x in infos[i + 1:i + size]])
                label = names.get(key)
                if label:
                    tags[i] = "B-" + label
                    for j in range(i + 1, i + size):
                        tags[j] = "I-" + label
                    covered = i + size
                    break
        return tags

    def layout(self, tokens: list[str]) -> "SentenceLayout":
        """What the feature lists of a sentence are made of: word infos and per-position context."""
        infos = [self.info(t) for t in tokens]
        topics = self.topics
        topic = next((topics[x.core] for x in infos if x.core in topics), "")
        pairs = [PAIR + a.core + "|" + b.core for a, b in zip(infos, infos[1:])]
        return SentenceLayout(infos, self.gazetteer_tags(infos), self.quote_context(infos), topic, pairs)

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """One feature list per token (the word's own features, its neighbours' and the position's)."""
        layout = self.layout(tokens)
        infos, n = layout.infos, len(layout.infos)
        out: list[list[str]] = []
        for i, info in enumerate(infos):
            own_extra, after_prev, after_next, quoted = layout.position_features(i)
            feats = list(info.own)
            feats += own_extra
            if i > 0:
                feats += lent(infos[i - 1], LENT_TO_NEXT)
                feats += after_prev
                feats += lent(infos[i - 1], (), STATS_TO_NEXT)
                if i > 1:
                    feats += lent(infos[i - 2], LENT_TO_NEXT2)
            else:
                feats += after_prev
            if i + 1 < n:
                feats += lent(infos[i + 1], LENT_TO_PREV)
                feats += after_next
                feats += lent(infos[i + 1], (), STATS_TO_PREV)
                if i + 2 < n:
                    feats += lent(infos[i + 2], LENT_TO_PREV2)
            else:
                feats += after_next
            feats += quoted
            out.append(feats)
        return out

    def quote_context(self, infos: list[WordInfo]) -> list[tuple[str, ...]]:
        """For words inside «…» or "…": the word that opens the quotation (``برنامج «…»``, ``شركة "…"``)."""
        out: list[tuple[str, ...]] = [()] * len(infos)
        opener = None
        for i, info in enumerate(infos):
            w = info.word
            if w in _OPEN or (w in _SYMMETRIC and opener is None):
                before = infos[i - 1] if i > 0 else None
                opener = (i, before)
                continue
            if w in _CLOSE or (w in _SYMMETRIC and opener is not None):
                opener = None
                continue
            if opener is not None and i - opener[0] <= MAX_QUOTED:
                before = opener[1]
                pos = "1" if i - opener[0] == 1 else "n"
                if before is None:
                    out[i] = ("q" + pos,)
                else:
                    out[i] = ("q" + pos, "qc=" + before.core, "qk=" + before.cluster, "qt=" + before.trigger)
        return out


@dataclass(frozen=True)
class SentenceLayout:
    """A sentence's word infos and the context that depends on the position, not on the word alone."""

    infos: list[WordInfo]
    gazetteer: list[str]             # longest gazetteer match, IOB-coded, or ""
    quoted: list[tuple[str, ...]]    # the quotation's opener features, for words inside «…»
    topic: str                       # the sentence's topic ("" for none)
    pairs: list[str]                 # the word-pair feature of positions 1 … n-1 (previous core | core)

    def topic_features(self, i: int) -> tuple[str, ...]:
        if not self.topic:
            return ()
        topic, info = self.topic, self.infos[i]
        return topic + "|g=" + self.gazetteer[i], topic + "|k=" + info.coarse, topic + "|c=" + info.core

    def position_features(self, i: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Features of position ``i`` that no single word decides, in four groups: beside the word's own
        (gazetteer match, topic), beside the previous word's (``g-1``, the word pair, or ``BOS``), beside
        the next word's (``g+1`` or ``EOS``), and the quotation's."""
        gaz = self.gazetteer
        own = ((GAZ_OWN + gaz[i],) if gaz[i] else ()) + self.topic_features(i)
        after_prev = (GAZ_PREV + gaz[i - 1], self.pairs[i - 1]) if i > 0 else (BOS,)
        after_next = (GAZ_NEXT + gaz[i + 1],) if i + 1 < len(gaz) else (EOS,)
        return own, after_prev, after_next, self.quoted[i]

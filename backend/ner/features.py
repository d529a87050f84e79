"""CRF features for one sentence of tokens.

Per word (cached, so a word costs once per process): the folded form, the
proclitic split and the stem, affixes, shape, corpus frequency, cluster ids,
trigger lists and the stem's name-likeness statistics from unlabelled news
(:mod:`backend.ner.namestats`). Per position: the same for the neighbours,
the gazetteer match (longest match, IOB-coded) over the sentence, and for
words inside «…» the word that opens the quotation (``برنامج «…»``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .namestats import load_namestats
from .resources import Clusters, Gazetteer, load_clusters, load_gazetteer, load_topics, load_triggers
from .segment import Segmenter
from .text import fold, shape

NAMESTATS_FILE = "namestats.tsv"
MAX_QUOTED = 8  # words into a «…» quotation that still see the word before it
_OPEN = frozenset("«“")
_CLOSE = frozenset("»”")
_SYMMETRIC = frozenset('"')


@dataclass(frozen=True)
class WordInfo:
    own: tuple[str, ...]      # features of the word at its own position
    word: str                 # folded token
    core: str                 # without proclitics (article kept)
    cluster: str              # mid-granularity cluster of the core
    coarse: str               # coarsest cluster of the core
    stats: str                # name-likeness bucket codes of the core ("" when unknown)
    trigger: str              # trigger label or ""
    prefix: str


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
            from ..pipeline import SHIPPED_MODEL_DIR

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
            from ..pipeline import SHIPPED_MODEL_DIR

            stats = SHIPPED_MODEL_DIR / NAMESTATS_FILE
        return cls(gazetteer, triggers, load_clusters(path), load_topics(), load_namestats(stats))

    def info(self, token: str) -> WordInfo:
        found = self._cache.get(token)
        if found is None:
            found = self._info(token)
            if len(self._cache) < 500_000:
                self._cache[token] = found
        return found

    def _info(self, token: str) -> WordInfo:
        word = fold(token)
        seg = self.segmenter(word)
        core, bare = seg.core, seg.bare
        ids = self.clusters.ids.get(core) or self.clusters.ids.get(word) or ()
        count = self.clusters.counts.get(core, 0)
        trigger = self.triggers.get(core) or self.triggers.get(bare) or ""
        own = [
            "w=" + word,
            "c=" + core,
            "b=" + bare,
            "p=" + seg.prefix,
            "sh=" + shape(word),
            "s2=" + bare[-2:],
            "s3=" + bare[-3:],
            "f2=" + bare[:2],
            "f3=" + bare[:3],
            "len=" + str(min(len(bare), 10)),
            "fr=" + str(min(int(math.log2(count + 1)), 16)),
        ]
        if core is not bare:
            own.append("al")
        for level, cid in enumerate(ids):
            own.append(f"k{level}={cid}")
        if word in self.clusters.ids and core != word:
            own.append("kw=" + self.clusters.ids[word][-1])
        if trigger:
            own.append("t=" + trigger)
        if core in self.gazetteer.names:
            own.append("gw=" + self.gazetteer.names[core])
        if bare != core and bare in self.gazetteer.names:
            own.append("gb=" + self.gazetteer.names[bare])
        codes = self.namestats.get(core, "")
        own.extend(f"n{i}={c}" for i, c in enumerate(codes))
        mid = ids[min(1, len(ids) - 1)] if ids else "-"
        coarse = ids[0] if ids else "-"
        return WordInfo(tuple(own), word, core, mid, coarse, codes, trigger, seg.prefix)

    def gazetteer_tags(self, infos: list[WordInfo]) -> list[str]:
        """Longest gazetteer match at each position, as ``B-LABEL``/``I-LABEL`` or ``""``."""
        tags = [""] * len(infos)
        names, first_words, longest = self.gazetteer.names, self.gazetteer.first_words, self.gazetteer.longest
        i, n = 0, len(infos)
        while i < n:
            first = infos[i].core
            if first not in first_words:
                i += 1
                continue
            for size in range(min(longest, n - i), 0, -1):
                key = first if size == 1 else " ".join([first] + [x.word for x in infos[i + 1:i + size]])
                label = names.get(key)
                if label:
                    tags[i] = "B-" + label
                    for j in range(i + 1, i + size):
                        tags[j] = "I-" + label
                    i += size
                    break
            else:
                i += 1
        return tags

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """One feature list per token."""
        infos = [self.info(t) for t in tokens]
        gaz = self.gazetteer_tags(infos)
        quoted = self.quote_context(infos)
        n = len(infos)
        topics = self.topics
        topic = next((topics[x.core] for x in infos if x.core in topics), "")
        out: list[list[str]] = []
        for i, info in enumerate(infos):
            feats = list(info.own)
            if gaz[i]:
                feats.append("g=" + gaz[i])
            if topic:
                feats += (topic + "|g=" + gaz[i], topic + "|k=" + info.coarse, topic + "|c=" + info.core)
            if i > 0:
                prev = infos[i - 1]
                feats += ("w-1=" + prev.word, "c-1=" + prev.core, "k-1=" + prev.cluster, "t-1=" + prev.trigger,
                          "p-1=" + prev.prefix, "g-1=" + gaz[i - 1], "ww-1=" + prev.core + "|" + info.core)
                if prev.stats:  # is the word before a title-, first-name- or article-taking word?
                    feats += ("n-1p=" + prev.stats[0], "n-1f=" + prev.stats[4], "n-1a=" + prev.stats[6])
                if i > 1:
                    prev2 = infos[i - 2]
                    feats += ("c-2=" + prev2.core, "k-2=" + prev2.cluster, "t-2=" + prev2.trigger)
            else:
                feats.append("BOS")
            if i + 1 < n:
                nxt = infos[i + 1]
                feats += ("w+1=" + nxt.word, "c+1=" + nxt.core, "k+1=" + nxt.cluster, "t+1=" + nxt.trigger,
                          "p+1=" + nxt.prefix, "g+1=" + gaz[i + 1])
                if nxt.stats:
                    feats += ("n+1p=" + nxt.stats[0], "n+1f=" + nxt.stats[4], "n+1a=" + nxt.stats[6])
                if i + 2 < n:
                    nxt2 = infos[i + 2]
                    feats += ("c+2=" + nxt2.core, "k+2=" + nxt2.cluster)
            else:
                feats.append("EOS")
            if quoted[i]:
                feats += quoted[i]
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

"""CRF features for one sentence of tokens.

Per word (cached, so a word costs once per process): the folded form, the
proclitic split and the stem, affixes, shape, corpus frequency, cluster ids
and trigger lists. Per position: the same for the neighbours, and the
gazetteer match (longest match, IOB-coded) over the sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .resources import Clusters, Gazetteer, load_clusters, load_gazetteer, load_topics, load_triggers
from .segment import Segmenter
from .text import fold, shape


@dataclass(frozen=True)
class WordInfo:
    own: tuple[str, ...]      # features of the word at its own position
    word: str                 # folded token
    core: str                 # without proclitics (article kept)
    cluster: str              # mid-granularity cluster of the core
    coarse: str               # coarsest cluster of the core
    trigger: str              # trigger label or ""
    prefix: str


class FeatureExtractor:
    """Turns token strings into crfsuite feature lists."""

    def __init__(self, gazetteer: Gazetteer, triggers: dict[str, str], clusters: Clusters,
                 topics: dict[str, str] | None = None):
        self.topics = topics or {}
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
        return cls.from_clusters_file(path)

    @classmethod
    def from_clusters_file(cls, path: Path | None) -> "FeatureExtractor":
        """Features with the shipped gazetteers, triggers and topics, and the given clusters file."""
        return cls(load_gazetteer(), load_triggers(), load_clusters(path), load_topics())

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
        mid = ids[min(1, len(ids) - 1)] if ids else "-"
        coarse = ids[0] if ids else "-"
        return WordInfo(tuple(own), word, core, mid, coarse, trigger, seg.prefix)

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
                if i > 1:
                    prev2 = infos[i - 2]
                    feats += ("c-2=" + prev2.core, "k-2=" + prev2.cluster, "t-2=" + prev2.trigger)
            else:
                feats.append("BOS")
            if i + 1 < n:
                nxt = infos[i + 1]
                feats += ("w+1=" + nxt.word, "c+1=" + nxt.core, "k+1=" + nxt.cluster, "t+1=" + nxt.trigger,
                          "p+1=" + nxt.prefix, "g+1=" + gaz[i + 1])
                if i + 2 < n:
                    nxt2 = infos[i + 2]
                    feats += ("c+2=" + nxt2.core, "k+2=" + nxt2.cluster)
            else:
                feats.append("EOS")
            out.append(feats)
        return out

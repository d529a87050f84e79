"""How ANERcorp and entities_dev tag the organisation names the guidelines settle.

Run: ``.venv/bin/python benchmarks/anercorp_conventions.py``.

Why: the guidelines make ``الجيش السوري`` and ``وزارة الخارجية الأمريكية``
ORG, and ``entity_rules`` applies that. Scored against ANERcorp, each such
region counts as a false positive when ANERcorp left the phrase untagged. This
script measures how often each gold set tags these phrases, so the
ANERcorp figure with the guideline stage can be read for what it is.

What is counted: a head noun of ``entity_rules/org_heads.tsv`` (its first
word, proclitics off) that opens a phrase of the kind the rules tag:
a *national* head (``الجيش``, ``الحكومة``) followed by a nationality
adjective (``الجيش التركي``), or a *construct* head (``وزارة``, ``حزب``)
followed by a definite word (``وزارة الدفاع``); a portfolio after a
minister's title (``وزير الخارجية الأمريكي``) is a job, not counted. An occurrence is tagged when
the head's token lies inside a gold entity. ANERcorp is read as whole tokens,
entities_dev as character spans over the Document's tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from qawl.document import Document
from qawl.ner.conll import read_conll
from qawl.ner.features import FeatureExtractor
from qawl.shipped import SHIPPED_MODEL_DIR
from qawl.settings import shared_data_dir
from qawl.stages.entity_rules.lexicon import RuleLexicon


class PhraseFinder:
    """Finds the phrases the guidelines settle as ORG in a sentence of token strings."""

    def __init__(self):
        self.features = FeatureExtractor.from_clusters_file(SHIPPED_MODEL_DIR / "clusters.tsv")
        lexicon = RuleLexicon.load()
        self.national = {h for h, kinds in lexicon.org_heads.items() if "national" in kinds}
        self.construct = {h for h, kinds in lexicon.org_heads.items() if "construct" in kinds}
        self.nationality = lexicon.nationality
        self.portfolio, self.minister_titles = lexicon.portfolio_heads, lexicon.minister_titles

    def heads(self, words: list[str]) -> list[tuple[int, str, str]]:
        """``(token index, head, kind)`` for every settled phrase in ``words``."""
        found = []
        for i in range(len(words) - 1):
            head = self.features.info(words[i]).core
            following = self.features.info(words[i + 1])
            if following.prefix:  # وزارة والدفاع: the next word starts a new phrase
                continue
            if head in self.portfolio and i and self.features.info(words[i - 1]).core in self.minister_titles:
                continue  # وزير الخارجية الأمريكي: a job title, not the ministry
            if head in self.national and following.core in self.nationality:
                found.append((i, head, "national"))
            elif head in self.construct and following.core.startswith("ال"):
                found.append((i, head, "construct"))
        return found


def count_anercorp(finder: PhraseFinder, path: Path) -> Counter:
    counts: Counter = Counter()
    for sentence in read_conll(path):
        words = [w for w, _ in sentence]
        for i, head, kind in finder.heads(words):
            counts[head, kind, sentence[i][1] != "O"] += 1
    return counts


def count_spans(finder: PhraseFinder, articles: Path, gold: Path) -> Counter:
    texts = {r["id"]: r["text"] for r in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    counts: Counter = Counter()
    for record in map(json.loads, gold.read_text(encoding="utf-8").splitlines()):
        tokens = Document(texts[record["id"]]).tokens
        spans = [(e["start"], e["end"]) for e in record["entities"]]
        for i, head, kind in finder.heads([t.text for t in tokens]):
            token = tokens[i]
            counts[head, kind, any(s < token.end and token.start < e for s, e in spans)] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_data_dir())
    parser.add_argument("--top", type=int, default=12, help="heads listed one by one (most frequent first)")
    args = parser.parse_args()
    conll = args.data / "anercorp" / "train.txt"
    dev = args.data / "entities_dev"
    if not conll.exists() or not (dev / "gold.jsonl").exists():
        print(f"no ANERcorp or entities_dev data under {args.data}", file=sys.stderr)
        return 2
    finder = PhraseFinder()
    sets = {"ANERcorp train.txt": count_anercorp(finder, conll),
            "entities_dev": count_spans(finder, dev / "articles.jsonl", dev / "gold.jsonl")}
    print("head noun phrases the guidelines make ORG: how often each gold set tags them (tagged/seen)")
    by_head: Counter = Counter()
    for counts in sets.values():
        for (head, kind, _), n in counts.items():
            by_head[head, kind] += n
    print(f"  {'head':<12} {'kind':<10}" + "".join(f" {name:>20}" for name in sets))
    for (head, kind), _ in by_head.most_common(args.top):
        cells = [f"{c[head, kind, True]}/{c[head, kind, True] + c[head, kind, False]}" for c in sets.values()]
        print(f"  {head:<12} {kind:<10}" + "".join(f" {cell:>20}" for cell in cells))
    for kind in ("national", "construct"):
        cells = []
        for counts in sets.values():
            tagged = sum(n for (_, k, t), n in counts.items() if k == kind and t)
            seen = sum(n for (_, k, _), n in counts.items() if k == kind)
            cells.append(f"{tagged}/{seen} ({tagged / seen:.0%})" if seen else "0/0")
        print(f"  {'all':<12} {kind:<10}" + "".join(f" {cell:>20}" for cell in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

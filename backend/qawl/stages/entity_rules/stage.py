"""The ``entity_rules`` stage: the rules of this package, in their fixed order, each one a
``model.json`` option (default true)."""

from __future__ import annotations

from pathlib import Path

from ...document import ENTITY, Document
from ...ner.resources import load_clusters, load_gazetteer, load_triggers
from ...ner.segment import Segmenter
from ...shipped import SHIPPED_MODEL_DIR
from . import (aliases, clubs, currencies, designators, drop, families, groups, hashtags, joined, listed, phrases,
               regions, titles, trim, venues)
from .base import Lists, WordReader, Words
from .lexicon import RuleLexicon

__all__ = ["EntityRules", "RULES"]

# in the order they run: each rule reads the spans the ones before it left
RULES = {
    "drop": drop.apply,
    "trim": trim.apply,
    "clubs": clubs.apply,
    "venues": venues.apply,
    "regions": regions.apply,
    "families": families.apply,
    "phrases": phrases.apply,
    "titles": titles.apply,
    "currencies": currencies.apply,
    "groups": groups.apply,
    "hashtags": hashtags.apply,
    "joined": joined.apply,
    "aliases": aliases.apply,
    "designators": designators.apply,
    "listed": listed.apply,
}


class EntityRules:
    name = "entity_rules"

    def __init__(self, lexicon: RuleLexicon, segmenter, places: set[str], names: dict[str, str],
                 rules: tuple[str, ...] = tuple(RULES)):
        unknown = set(rules) - RULES.keys()
        if unknown:
            raise ValueError(f"unknown entity rules {sorted(unknown)}; known: {list(RULES)}")
        self.rules = {name: rule for name, rule in RULES.items() if name in rules}  # always in RULES order
        long_names = listed.long_names(names, lexicon.titles)
        self.lists = Lists(lexicon, places, names, long_names, frozenset(name.split()[0] for name in long_names))
        self.read_words = WordReader(segmenter, lexicon.vocabulary)

    def __call__(self, doc: Document) -> None:
        self.apply(doc, self.read_words(doc))

    def apply(self, doc: Document, words: Words, skip: str | None = None,
              changed: set[str] | None = None) -> None:
        """Run the rules, all or all but ``skip``, over ``doc``'s entity spans with its ``words`` (made once
        by :attr:`read_words`, so a caller running the rules several times over one text reads it once).
        When ``changed`` is given, the names of the rules that changed any entity span are added to it
        (:mod:`qawl.learning.rule_choice` runs again only the texts a rule touched)."""
        for name, rule in self.rules.items():
            if name == skip:
                continue
            if changed is None:
                rule(doc, words, self.lists)
                continue
            before = entity_state(doc)
            rule(doc, words, self.lists)
            if entity_state(doc) != before:
                changed.add(name)


def entity_state(doc: Document) -> list[tuple]:
    """Everything of the entity spans that a later rule or the overlap resolution reads."""
    return sorted((s.start, s.end, s.label, s.priority, s.score) for s in doc.spans_of(ENTITY))


def load(model_dir: Path, options: dict) -> EntityRules:
    """The entity_rules stage of ``model_dir`` (named ``entity_rules`` in :mod:`qawl.stages.registry`)."""
    lexicon = RuleLexicon.load()
    clusters_path = Path(model_dir) / options.get("clusters", "clusters.tsv")
    if not clusters_path.exists():
        clusters_path = SHIPPED_MODEL_DIR / "clusters.tsv"
    gazetteer = load_gazetteer()
    segmenter = Segmenter(load_clusters(clusters_path).counts, gazetteer.single_words | lexicon.vocabulary)
    places = {name for name, labels in gazetteer.names.items() if "LOC" in labels.split("|")}
    lexicon.titles = frozenset(w for w, label in load_triggers().items() if label == "PER")
    return EntityRules(lexicon, segmenter, places, dict(gazetteer.names),
                       tuple(name for name in RULES if options.get(name, True)))

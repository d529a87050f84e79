"""The word lists of the entity rules, read from ``backend/qawl/resources/entity_rules`` and folded.

Nationality adjectives are not listed form by form: ``nationalities.txt`` gives
each country's nisba stem and :func:`nisba_forms` generates the masculine,
feminine and plural forms, with and without the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ...arabic import fold
from ...shipped import RESOURCES, read_list

RULES = RESOURCES / "entity_rules"
KINDS = ("national", "construct", "construct_national", "generic")


def nisba_forms(stem: str) -> set[str]:
    """Folded forms of a nisba adjective: سوري → سوري، سورية، سوريون، سوريين، سوريتان … and with ال."""
    stem = fold(stem)
    bare = [stem] if not stem.endswith("ي") else [stem + s for s in ("", "ة", "ون", "ين", "تان", "تين")]
    return set(bare) | {_definite(b) for b in bare}


def _definite(word: str) -> str:
    """The word with the article. A folded word that already starts with ال may still lack it:
    ألماني folds to الماني, whose definite form is الالماني."""
    return "ال" + word


def _adjective_forms(line: str) -> set[str]:
    """Forms of one adjectives line: a stem ending in ي is inflected, other words are taken as listed."""
    forms: set[str] = set()
    for word in line.split():
        forms |= nisba_forms(word) if fold(word).endswith("ي") else {fold(word), _definite(fold(word))}
    return forms


def _word_to_value(path: Path) -> dict[str, str]:
    """A two-column ``word<TAB>value`` list: folded word → value."""
    return {fold(parts[0]): parts[1].strip() for parts in (line.split("\t") for line in read_list(path))}


def _heads(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]], set[str], set[str], set[str],
                                set[str]]:
    """Head → construction kinds, generic head → complements that keep it inside the name,
    feminine heads, strict heads (completed by a nationality only), portfolio heads and heads a place
    does not complete."""
    kinds: dict[str, tuple[str, ...]] = {}
    generic: dict[str, frozenset[str]] = {}
    feminine, strict, portfolio, no_place = set(), set(), set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        head, kind = fold(parts[0].strip()), parts[1].strip()
        if kind not in KINDS:
            raise ValueError(f"{path.name}: unknown kind {kind!r} for {parts[0]!r}")
        if kind == "generic":
            keep = parts[2].split() if len(parts) > 2 else []
            generic[head] = frozenset(fold(k) for k in keep)
        else:
            kinds[head] = kinds.get(head, ()) + (kind,)
            flags = parts[2].split() if len(parts) > 2 else []
            if head.endswith(("ة", "ات")) or "feminine" in flags:
                feminine.add(head)
            if "strict" in flags:
                strict.add(head)
            if "portfolio" in flags:
                portfolio.add(head)
            if "noplace" in flags:
                no_place.add(head)
    return kinds, generic, feminine, strict, portfolio, no_place


@dataclass
class RuleLexicon:
    """Every list the rules read, folded like ``Document.normalised``."""

    nationality: frozenset[str] = frozenset()       # nisba forms and peoples: never an entity alone
    plural_peoples: frozenset[str] = frozenset()    # plurals among them: never a person's name either
    completing: frozenset[str] = frozenset()        # nationality and scope adjectives: end an ORG name
    name_adjectives: frozenset[str] = frozenset()
    after_nationality: frozenset[str] = frozenset()
    org_heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    misc_heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    generic: dict[str, frozenset[str]] = field(default_factory=dict)
    feminine_heads: frozenset[str] = frozenset()   # a definite head's adjective must agree with it
    strict_heads: frozenset[str] = frozenset()     # completed by a nationality (nisba) only
    portfolio_heads: frozenset[str] = frozenset()  # الخارجية: after a minister title, part of the job
    no_place_heads: frozenset[str] = frozenset()   # حكومة: a place after it is its country, not its name
    minister_titles: frozenset[str] = frozenset()
    nisba: frozenset[str] = frozenset()
    loc_heads: frozenset[str] = frozenset()
    anaphoric: frozenset[str] = frozenset()
    currencies: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    country_nisba: frozenset[str] = frozenset()    # الفرنسي، الإسباني: a country's masculine definite nisba
    club_heads: frozenset[str] = frozenset()       # نادي، فريق: the name after them is a club
    venue_heads: dict[str, str] = field(default_factory=dict)  # ملعب → any, مطار → person: see venue_heads.tsv
    countries: frozenset[str] = frozenset()
    title_heads: dict[str, str] = field(default_factory=dict)  # برنامج → MISC: the name quoted after it
    field_stop: frozenset[str] = frozenset()       # nouns after ل that are a verb's complement: للمرة، للحصول
    region_heads: frozenset[str] = frozenset()     # ريف: one region with the place after it
    epithets: frozenset[str] = frozenset()         # الانقلابية: a judgement after a group's name, never in it
    groups: frozenset[str] = frozenset()           # الحوثيين: a movement named by its members, always ORG

    @classmethod
    def load(cls, directory: Path = RULES) -> "RuleLexicon":
        nisba: set[str] = set()
        countries = {fold(c) for c in read_list(RESOURCES / "gazetteers" / "LOC_countries.txt")}
        country_nisba: set[str] = set()
        for line in read_list(directory / "nationalities.txt"):
            parts = line.split("\t")
            for stem in (parts[1] if len(parts) > 1 else parts[0]).split():
                nisba |= nisba_forms(stem)
                if len(parts) > 1 and fold(parts[0]) in countries:
                    country_nisba.add(_definite(fold(stem)))
        peoples = {f for p in read_list(directory / "peoples.txt") for f in (fold(p), _definite(fold(p)))}
        scope = {f for line in read_list(directory / "scope_adjectives.txt") for f in _adjective_forms(line)}
        org_heads, generic, feminine, strict, portfolio, no_place = _heads(directory / "org_heads.tsv")
        misc_heads, _, feminine_misc, strict_misc, _, no_place_misc = _heads(directory / "misc_heads.tsv")
        return cls(
            nationality=frozenset(nisba | peoples),
            plural_peoples=frozenset(peoples | {f for f in nisba if f.endswith(("ون", "ين"))}),
            completing=frozenset(nisba | scope),
            name_adjectives=frozenset(f for line in read_list(directory / "name_adjectives.txt")
                                      for f in _adjective_forms(line)),
            after_nationality=frozenset(fold(w) for line in read_list(directory / "directional_adjectives.txt")
                                        for w in line.split()),
            org_heads=org_heads,
            misc_heads=misc_heads,
            generic=generic,
            feminine_heads=frozenset(feminine | feminine_misc),
            strict_heads=frozenset(strict | strict_misc),
            portfolio_heads=frozenset(portfolio),
            no_place_heads=frozenset(no_place | no_place_misc),
            minister_titles=frozenset(fold(w) for w in read_list(directory / "minister_titles.txt")),
            nisba=frozenset(nisba),
            loc_heads=frozenset(fold(w) for w in read_list(directory / "loc_heads.txt")),
            anaphoric=frozenset(fold(w) for w in read_list(directory / "anaphoric.txt")),
            currencies=frozenset(fold(w) for w in read_list(directory / "currencies.txt")),
            stop=frozenset(fold(w) for w in read_list(directory / "stop_words.txt")),
            country_nisba=frozenset(country_nisba),
            countries=frozenset(countries),
            club_heads=frozenset(fold(w) for w in ("نادي", "فريق")),
            venue_heads=_word_to_value(directory / "venue_heads.tsv"),
            title_heads=_word_to_value(directory / "title_heads.tsv"),
            field_stop=frozenset(fold(w) for w in read_list(directory / "field_stop_words.txt")),
            region_heads=frozenset(fold(w) for w in read_list(directory / "region_heads.txt")),
            epithets=frozenset(fold(w) for w in read_list(directory / "group_epithets.txt")),
            groups=frozenset(fold(w) for w in read_list(directory / "group_names.txt")),
        )

    @cached_property
    def all_heads(self) -> frozenset[str]:
        return frozenset(self.org_heads) | frozenset(self.misc_heads) | frozenset(self.generic)

    @property
    def vocabulary(self) -> set[str]:
        """Every listed word: the segmenter must not split a proclitic-looking first letter off them."""
        return set(self.all_heads | self.nationality | self.completing | self.name_adjectives
                   | self.loc_heads | self.anaphoric | self.currencies | self.groups)

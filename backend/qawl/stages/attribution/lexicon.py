"""The attribution lexicons, loaded once and expanded into normalised word forms.

Reporting verbs are listed as past | present | participle; the inflected forms
(و/ف prefixes, feminine, dual, plural) are derived here so the list stays
short and readable. Every form is normalised (no diacritics, alef folded,
ى → ي), so lookups use ``normalise(token)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...arabic import fold as normalise
from ...ner.resources import load_gazetteer, load_triggers
from ...shipped import read_list

__all__ = ["Cue", "AttributionLexicon", "CUES_OFF_FILE", "load_lexicon", "without_cues"]

CUES_OFF_FILE = "lexicons/reporting_verbs_off.txt"  # in a trained version: cue lemmas its project switched off

_COMPLEMENTISER_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "ني", "نا", "ك", "كم")


@dataclass(frozen=True)
class Cue:
    """What a token says about attribution: a verb (``kind='verb'``), a
    circumstantial participle (``'participle'``) or a passive (``'passive'``)."""

    kind: str
    lemma: str
    feminine: bool = False
    plural: bool = False


def _past_forms(past: str) -> dict[str, tuple[bool, bool]]:
    """Form -> (feminine, plural) for a past-tense verb."""
    forms = {past: (False, False)}
    if past.endswith(("ي", "ا")) and len(past) >= 3:  # defective: نفى، دعا، رأى
        base = past[:-1]
        forms.update({base + "ت": (True, False), base + "وا": (False, True), base + "يا": (False, True),
                      base + "تا": (True, True), past + "ا": (False, True)})
    else:
        forms.update({past + "ت": (True, False), past + "وا": (False, True), past + "ا": (False, True),
                      past + "تا": (True, True), past + "ن": (True, True)})
    return forms


def _present_forms(present: str) -> dict[str, tuple[bool, bool]]:
    forms = {present: (False, False)}
    if present.startswith("ي"):
        stem = present[1:]
        forms["ت" + stem] = (True, False)
        forms[present + "ون"] = (False, True)
        forms[present + "ان"] = (False, True)
        forms["ت" + stem + "ان"] = (True, True)
        if present.endswith(("ي", "و", "ا")):
            forms[present[:-1] + "ون"] = (False, True)
        forms[present + "ن"] = (True, True)
    return forms


def _participle_forms(participle: str) -> dict[str, tuple[bool, bool]]:
    forms = {participle: (False, False)}
    stem = participle[:-1] if participle.endswith("ا") else participle
    if stem.endswith("ي") and participle.endswith("ا"):  # داعيا -> داعية
        pass
    forms.update({stem + "ة": (True, False), stem + "ين": (False, True), stem + "ان": (False, True),
                  stem + "تين": (True, True), stem + "ات": (True, True), stem + "ه": (True, False)})
    if participle.endswith("ين"):  # listed in the plural (هاتفين)
        base = participle[:-2]
        forms.update({base + "ا": (False, False), base + "ة": (True, False), base + "ون": (False, True)})
    return forms


@dataclass
class AttributionLexicon:
    """Normalised word forms for every attribution cue and the helper word lists."""

    cues: dict[str, Cue] = field(default_factory=dict)
    narrator: set[str] = field(default_factory=set)
    name_nouns: set[str] = field(default_factory=set)
    stoppers: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    media: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    # words the lists know as nouns (one-word names of the gazetteers, their trigger words, naming and medium
    # nouns): a sentence's first word among them is no verb (وزير، وكالة، واشنطن)
    nouns: set[str] = field(default_factory=set)
    breakers: set[str] = field(default_factory=set)
    boundaries: set[str] = field(default_factory=set)
    prefixed_only: set[str] = field(default_factory=set)
    blockers: set[str] = field(default_factory=set)
    data_nouns: set[str] = field(default_factory=set)
    stances: set[str] = field(default_factory=set)  # verbal nouns of a stance: رفض، أسف، التزام
    organisation_heads: set[str] = field(default_factory=set)  # حزب، حركة، وحدات: a name in marks opens with one
    agentless_beliefs: set[str] = field(default_factory=set)
    link_openers: set[str] = field(default_factory=set)
    # names with a word that folds like a complementiser (سي إن إن، بان كي مون): first word -> each name's words,
    # longest first
    names_with_an: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    # words whose complement belongs to a source's phrase (مصدر مقرب من الحكومة): folded preposition -> how the
    # word stands to it ("before", "close", "origin", "after", "envoy"; see source_complements.txt) -> words
    source_complements: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    # every name of the entity gazetteer, folded: a short passage in marks that is one (أفادت "رويترز"، علقت
    # "فيسبوك"، قناة "سكاي نيوز عربية") names a body, a place or a person; no one said it
    names: frozenset[str] = frozenset()
    # one-word names the entity gazetteer lists as persons only, folded (أنغيلا، عبدالله): after a title they are
    # its name, not the verb's object, whatever their ending
    person_words: frozenset[str] = frozenset()
    # names of news outlets (the entity gazetteer's media and broadcaster lists), folded: after ل, the one spoken to
    # (قال مصدر مطلع لرويترز، لفرانس برس)
    outlets: frozenset[str] = frozenset()
    outlet_words: int = 1  # words in the longest outlet name

    def cue(self, norm: str) -> Cue | None:
        """The cue a normalised token stands for, with its و/ف prefix stripped."""
        found = self.cues.get(norm) if norm not in self.prefixed_only else None
        # a و/ف before a verb of two letters once folded (وحثّ، ونصّ) too, but not ورد (was mentioned)
        if found is None and (len(norm) > 3 or (len(norm) == 3 and norm != "ورد")) and norm[0] in "وف":
            found = self.cues.get(norm[1:])
        return found

    def prefixed(self, norm: str) -> bool:
        """Is the و/ف a token starts with a prefix (وقال، فأكد), not the verb's own first letter (وصف، وعد)?"""
        return norm[:1] in ("و", "ف") and norm not in self.cues

    @staticmethod
    def complementiser(norm: str) -> bool:
        """أن/إن/بأن with an optional attached pronoun (أنه، إنها، بأنهم …)."""
        for head in ("بان", "ان", "وان"):
            if norm.startswith(head) and norm[len(head):] in _COMPLEMENTISER_SUFFIXES:
                return True
        return False

    def complement_words(self, preposition: str, when: str) -> frozenset[str]:
        """The words ``source_complements.txt`` lists for a folded preposition and a way of standing to it."""
        return self.source_complements.get(preposition, {}).get(when, frozenset())


def without_cues(cues: dict[str, Cue], lemmas: set[str]) -> dict[str, Cue]:
    """``cues`` less every form of the given lemmas."""
    return {form: cue for form, cue in cues.items() if cue.lemma not in lemmas}


def _words(path: str) -> set[str]:
    return {normalise(w) for w in read_list(path)}


def load_lexicon(model_dir: Path | None = None) -> AttributionLexicon:
    """Read every list under ``resources/lexicons`` that the quotes stage needs.

    A trained model directory may hold ``lexicons/reporting_verbs.txt`` with
    cues learnt from a project's annotations; they are added to the shipped ones. It may also hold
    ``lexicons/reporting_verbs_off.txt``: the lemmas of cues whose quotes the project's annotators keep
    deleting (:mod:`qawl.learning.cue_choice`); every form of those is dropped.
    """
    lex = AttributionLexicon()
    verb_lists = [Path("lexicons/reporting_verbs.txt")]
    if model_dir is not None and (Path(model_dir) / "lexicons" / "reporting_verbs.txt").is_file():
        verb_lists.append(Path(model_dir).resolve() / "lexicons" / "reporting_verbs.txt")
    for line in (line for path in verb_lists for line in read_list(path)):
        columns = [c.strip() for c in line.split("|")] + ["-", "-"]
        past, present, participle = (normalise(c) if c != "-" else "" for c in columns[:3])
        lemma = past or present
        for builder, kind, form in ((_past_forms, "verb", past), (_present_forms, "verb", present),
                                    (_participle_forms, "participle", participle)):
            if not form:
                continue
            for word, (feminine, plural) in builder(form).items():
                lex.cues.setdefault(word, Cue(kind, lemma, feminine, plural))
    for word in _words("lexicons/passive_reporting.txt"):
        lex.cues[word] = Cue("passive", word)
    off = Path(model_dir).resolve() / CUES_OFF_FILE if model_dir is not None else None
    if off is not None and off.is_file():
        lex.cues = without_cues(lex.cues, {normalise(w) for w in read_list(off)})
    lex.narrator = _words("lexicons/narrator_phrases.txt")
    lex.name_nouns = _words("lexicons/name_nouns.txt")
    lex.months = _words("lexicons/months.txt")
    lex.stoppers = _words("lexicons/speaker_stoppers.txt") | lex.months
    lex.media = _words("lexicons/medium_nouns.txt")
    gazetteer = load_gazetteer().names  # folded name -> its labels joined by "|"
    # One-word place names from the entity gazetteers: "في باريس" after a speaker is where, not who.
    lex.places = {name for name, labels in gazetteer.items() if " " not in name and "LOC" in labels.split("|")}
    lex.nouns = {name for name in gazetteer if " " not in name} | load_triggers().keys() | lex.name_nouns | lex.media
    lex.breakers = _words("lexicons/clause_breakers.txt")
    lex.boundaries = _words("lexicons/subject_boundaries.txt")
    lex.prefixed_only = _words("lexicons/ambiguous_forms.txt")
    lex.blockers = _words("lexicons/complement_blockers.txt")
    lex.data_nouns = _words("lexicons/data_nouns.txt")
    lex.stances = _words("lexicons/stance_nouns.txt")
    lex.organisation_heads = _words("lexicons/organisation_heads.txt")
    lex.agentless_beliefs = _words("lexicons/agentless_beliefs.txt")
    lex.link_openers = _words("lexicons/link_lines.txt")
    lex.names_with_an = _names_with_an(gazetteer)
    lex.names = frozenset(gazetteer)
    lex.person_words = frozenset(name for name, labels in gazetteer.items() if " " not in name and labels == "PER")
    lex.source_complements = _source_complements()
    lex.outlets = frozenset(" ".join(normalise(name).split()) for path in _OUTLET_LISTS for name in read_list(path))
    lex.outlet_words = max(len(name.split()) for name in lex.outlets)
    return lex


_OUTLET_LISTS = ("gazetteers/ORG_media.txt", "gazetteers/ORG_broadcasters.txt")


_COMPLEMENT_PLACES = ("before", "close", "origin", "after", "envoy")


def _source_complements() -> dict[str, dict[str, frozenset[str]]]:
    """``source_complements.txt`` read into folded preposition -> how a word stands to it -> folded words."""
    found: dict[str, dict[str, set[str]]] = {}
    for line in read_list("lexicons/source_complements.txt"):
        preposition, when, words = (column.strip() for column in line.split("|"))
        if when not in _COMPLEMENT_PLACES:
            raise ValueError(f"source_complements.txt: {when!r} is none of {', '.join(_COMPLEMENT_PLACES)}")
        found.setdefault(normalise(preposition), {}).setdefault(when, set()).update(map(normalise, words.split()))
    return {preposition: {when: frozenset(words) for when, words in places.items()}
            for preposition, places in found.items()}


def _names_with_an(gazetteer: dict[str, str]) -> dict[str, list[tuple[str, ...]]]:
    """Several-word names with a word that reads as a complementiser once folded: those of the entity
    gazetteer's (folded) names and of ``names_with_an.txt``, by first word, longest first."""
    names = {tuple(name.split()) for name in gazetteer}
    names |= {tuple(normalise(w) for w in line.split()) for line in read_list("lexicons/names_with_an.txt")}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(names, key=lambda words: (-len(words), words)):
        if len(name) >= 2 and any(AttributionLexicon.complementiser(word) for word in name):
            by_first.setdefault(name[0], []).append(name)
    return by_first

"""Build one new model version for a project from the shipped model and the project's gold.

Every training starts again from the shipped model and all current gold, so
a deleted annotation is forgotten at the next run and runs do not drift. The
new directory starts as a copy of the shipped model (copies, never hard links:
a version's file written or truncated in place must not change the shipped
one; the subword vectors are not copied, a version reads the shipped ones), then:

* the learnt word lists (``learn_lexicon``) and the ``learnt`` stage added;
  learnt names join the gazetteer the taggers read as evidence;
* the reporting cues whose quotes the project's annotators keep deleting switched off (:mod:`.cue_choice`),
  and a clause-end model learnt from the project's quotes, when cross-validation on them says it ends them where
  the annotators do more often than the base's rule (:mod:`.clause_end_choice`);
* the entity taggers adapted, not retrained: the neural tagger fine-tuned from
  the base's weights on the gold (shown several times when it is small) mixed
  with a sample of ANERcorp and with the recent-news gold the shipped tagger was
  adapted to, replayed so that adapting to a project does not forget it
  (:func:`qawl.ner.neural_train.adapt_to_gold`, seconds); the CRF adapted to the
  gold with its own weights as the prior (:mod:`qawl.ner.crf_adapt`, seconds: only
  the weights of features the gold shows move, and its crfsuite file is unchanged).
  Without torch (the ``train`` extra) the CRF is retrained instead on ANERcorp
  plus the gold shown ``QAWL_GOLD_WEIGHT`` times, as before;
* the entity rules the project's annotators keep undoing switched off in the version (:mod:`.rule_choice`);
* the promotion check (:mod:`.promotion`): the same recipe trained without the
  newest gold must score that gold at least as well as the version serving now,
  or nothing is published and the reason is kept for ``/metrics``;
* ``model.json`` with the sha256 of every file (``integrity``), so a file
  damaged after publishing is refused instead of served;
* a smoke test: the new directory must verify, load and annotate before it is published.

Knobs (``BuildOptions``, from the settings): ``QAWL_GOLD_WEIGHT`` (default 5),
``QAWL_TRAIN_ENTITY_CRF`` (``auto``/``off``), ``QAWL_TRAIN_BASE_SENTENCES`` (cap on
ANERcorp sentences, 0 = all), ``QAWL_CRF_ITERATIONS`` (default: the tagger's own),
``QAWL_DATA`` (where ANERcorp's ``train.txt`` is).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..gold_doc import GoldDoc
from ..ner.vectors import VECTORS_DIR
from ..pipeline import Annotator
from ..settings import Settings
from ..shipped import SHIPPED_MODEL_DIR
from ..stages.attribution.clause_end import CLAUSE_ENDS_FILE
from ..stages.attribution.lexicon import CUES_OFF_FILE
from ..stages.quotes import load as load_quote_stage
from .clause_end_choice import FOLDS, choose_clause_ends
from .cue_choice import choose_cues, stage_without
from .gold_to_training import entity_documents
from .integrity import checksums, verify
from .learn_lexicon import cue_key, learn_lexicon, write_lexicon
from .rule_choice import RULES_STAGE, choose_rules
from .store import ModelStore, Published

__all__ = ["BuildOptions", "build_version"]

log = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    gold_weight: int = 5
    entity_crf: str = "auto"  # "auto": retrain when the base model has a CRF; "off": keep the base CRF
    base_sentences: int = 0
    crf_iterations: int = 0
    shared_data: Path = field(default_factory=lambda: Settings().shared_data)
    # What a project's adaptation replays besides its gold: the gold the base tagger was adapted to before.
    # None: the recent-news gold under shared_data, which the shipped tagger learnt. A base adapted to other
    # gold (benchmarks/learning_standin.py) replays that instead.
    replay: tuple | None = None
    # How strongly a project's CRF adaptation holds to the base CRF's weights (:mod:`qawl.ner.crf_adapt`; 0: the
    # CRF is kept as it is). Chosen on the learning curve's stand-in, which never reads news_learn
    # (benchmarks/learning_standin.py, six seeded splits), when the base added its neural tagger at weight 0.6:
    # entity errors -15.1 % on average with the CRF kept, -20.5 % at 1.0, -17.8 % at 3.0, -15.3 % at 0.3;
    # replaying the recent news too was worse (-8.6 % at 1.0). With the shipped weight 1.0 the stand-in no longer
    # tells these apart (+17.3 % at 1.0, +23.2 % with the CRF kept: README, learning section).
    crf_prior: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "BuildOptions":
        return cls(gold_weight=settings.gold_weight, entity_crf=settings.train_entity_crf,
                   base_sentences=settings.train_base_sentences, crf_iterations=settings.crf_iterations,
                   shared_data=settings.shared_data)


class NotPromoted(Exception):
    """The new version scored the newest gold worse than the version serving; ``summary`` says by how much."""

    def __init__(self, summary: dict):
        super().__init__(summary["promotion"]["reason"])
        self.summary = summary


def build_version(store: ModelStore, project_id: str, docs: Sequence[GoldDoc], options: BuildOptions | None = None,
                  base_dir: Path = SHIPPED_MODEL_DIR, base: Annotator | None = None,
                  check=None) -> Published:
    """Build, check and publish a new version; the old one serves until the rename, and on any error.

    ``check`` (the promotion check, :func:`.promotion.promotion_check`) takes the training summary and says
    whether to publish; when it says no, :class:`NotPromoted` is raised and nothing is published."""
    options = options or BuildOptions()
    started = time.perf_counter()
    base_dir = Path(base_dir)
    manifest = json.loads((base_dir / "model.json").read_text(encoding="utf-8"))
    base = base or Annotator.load(base_dir)
    built = store.begin(project_id)
    try:
        summary: dict = {"gold_annotations": len(docs), "base_version": manifest["version"]}
        summary.update(prepare(built, docs, base, base_dir, options))
        if check is not None:
            summary["promotion"] = check(summary)
            if not summary["promotion"]["passed"]:
                raise NotPromoted(summary)
        number = store.next_number(project_id)
        version = f"{manifest['version']}+p{project_id}.{number}"
        summary["seconds"] = round(time.perf_counter() - started, 2)
        _add_version_card(built, version, summary)
        new_manifest = {**manifest, "version": version, "number": number, "project": project_id,
                        "created_at": time.time(), "stages": version_stages(manifest, summary["rules"]["off"]),
                        "training": summary,
                        "files": checksums(built)}
        (built / "model.json").write_text(json.dumps(new_manifest, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
        _smoke_test(built, docs)
        _fsync_tree(built)
        return store.publish(project_id, built, version)
    except BaseException:
        store.discard(built)
        raise


def version_stages(manifest: dict, rules_off: Sequence[str] = ()) -> list:
    """A trained version's stages: the base's, with the entity rules in ``rules_off`` switched off (see
    :mod:`.rule_choice`), then ``learnt``."""
    stages = []
    for stage in manifest["stages"]:
        name = stage if isinstance(stage, str) else stage.get("name")
        if name == "learnt":
            continue
        if name == RULES_STAGE and rules_off:
            options = {} if isinstance(stage, str) else dict(stage.get("options", {}))
            stage = {"name": name, "options": {**options, **{rule: False for rule in rules_off}}}
        stages.append(stage)
    return stages + ["learnt"]


def prepare(target: Path, docs: Sequence[GoldDoc], base: Annotator, base_dir: Path, options: BuildOptions) -> dict:
    """The model files of a version trained on ``docs``, written into ``target`` (no manifest): the base's
    files, the learnt lists, the adapted taggers. The promotion check runs it on part of the gold."""
    _overlay(base_dir, target)
    lexicon = learn_lexicon(docs, known_cues=_known_cues())
    write_lexicon(lexicon, target)
    return {"learnt": lexicon.summary(), **_learn_quote_choices(docs, target),
            "entities": _train_entities(docs, base, base_dir, target, options), "rules": choose_rules(base, docs)}


def _learn_quote_choices(docs: Sequence[GoldDoc], target: Path) -> dict:
    """The reporting cues whose quotes the project's annotators keep deleting, listed off in ``target``
    (:mod:`.cue_choice`), then a clause-end model there when the project's quotes show one ends them better
    than the base's way (:mod:`.clause_end_choice`); each judged with the version's own quotes stage (its
    learnt cues, then without the cues switched off). What decided them: ``{"cues": …, "clause_ends": …}``."""
    stage = load_quote_stage(target, {})
    cues = choose_cues(stage, docs)
    if cues["off"]:
        path = target / CUES_OFF_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# switched off by this project's annotations", *cues["off"]]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    model, clause_ends = choose_clause_ends(stage_without(stage, cues["off"]), docs)
    if model is not None:
        model.save(target / CLAUSE_ENDS_FILE)
    return {"cues": cues, "clause_ends": clause_ends}


def _overlay(base_dir: Path, target: Path) -> None:
    """Every file of the base model except its manifest, copied: a version shares no inode with it."""
    for path in base_dir.rglob("*"):
        if path.is_dir() or path.name == "model.json" or VECTORS_DIR in path.relative_to(base_dir).parts:
            continue
        dest = target / path.relative_to(base_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)


def _train_entities(docs: Sequence[GoldDoc], base: Annotator, base_dir: Path, built: Path,
                    options: BuildOptions) -> dict:
    """Adapt the entity taggers in ``built`` to the gold; a dict saying what was done (or why not)."""
    def predict(text: str):
        return [(s.start, s.end, s.label) for s in base.annotate(text).spans if s.group == "entity"]

    documents, counts = entity_documents(docs, predict)
    info: dict = {"gold": counts}
    if options.entity_crf == "off":
        return {**info, "crf": "off (QAWL_TRAIN_ENTITY_CRF)"}
    if not documents:
        return {**info, "crf": "kept: no annotation with entity regions"}
    from ..ner.train import documents_to_sentences

    corpus = options.shared_data / "anercorp" / "train.txt"
    base_sentences = list(_read_corpus(str(corpus), corpus.stat().st_mtime_ns)) if corpus.is_file() else []
    if options.base_sentences:
        base_sentences = base_sentences[: options.base_sentences]
    gold_sentences = documents_to_sentences(documents)
    if (built / "neural.npz").is_file():
        try:
            return {**info, **_adapt_taggers(base_dir, built, gold_sentences, base_sentences, options)}
        except ImportError as error:  # no torch: the CRF is retrained instead
            info["neural"] = f"kept: {error} (install the train extra to adapt it)"
    return {**info, **_retrain_crf(base_dir, built, gold_sentences, base_sentences, options)}


@functools.lru_cache(maxsize=1)
def _read_corpus(path: str, _mtime_ns: int) -> tuple:
    """ANERcorp's sentences, read once per training process (the promotion check's trial build and the final
    build both mix it in); a changed file is read again."""
    from ..ner.conll import read_conll

    return tuple(read_conll(path))


def _adapt_taggers(base_dir: Path, built: Path, gold_sentences, base_sentences, options: BuildOptions) -> dict:
    from ..ner.features import FeatureExtractor
    from ..ner.neural_train import PROJECT_ADAPT, adapt_to_gold
    from ..ner.train import recent_news_sentences

    features = FeatureExtractor.from_model_dir(built)  # with the learnt names in its gazetteer
    replay = options.replay if options.replay is not None else recent_news_sentences(options.shared_data)
    adapted = adapt_to_gold(built, gold_sentences, base_sentences, features, replay=replay, recipe=PROJECT_ADAPT)
    return {"crf": _adapt_crf(base_dir, built, features, gold_sentences, options), "neural": "adapted",
            "gold_sentences": len(gold_sentences), "replayed_news_sentences": len(replay), "adapt": adapted}


def _adapt_crf(base_dir: Path, built: Path, features, gold_sentences, options: BuildOptions) -> str | dict:
    """The CRF's adaptation to the gold written beside it in ``built`` (its summary), or why it was kept."""
    model_file = _crf_file(base_dir)
    if options.crf_prior <= 0 or model_file is None or not (built / model_file).is_file():
        return "kept"
    from ..ner.crf_adapt import adapt_crf_file

    return adapt_crf_file(built / model_file, features, gold_sentences, options.crf_prior)


def _retrain_crf(base_dir: Path, built: Path, gold_sentences, base_sentences, options: BuildOptions) -> dict:
    """ANERcorp + the gold shown ``gold_weight`` times, from scratch: the path without torch."""
    model_file = _crf_file(base_dir)
    if model_file is None or not (base_dir / model_file).is_file():
        return {"crf": "skipped: the base model has no CRF"}
    if not base_sentences:
        return {"crf": f"kept: {options.shared_data / 'anercorp' / 'train.txt'} not found (gold alone is too "
                       "small to train on)"}
    from ..ner.features import FeatureExtractor
    from ..ner.train import train_entity_model

    weights = [1.0] * len(base_sentences) + [float(options.gold_weight)] * len(gold_sentences)
    params = {"max_iterations": options.crf_iterations} if options.crf_iterations else None
    features = FeatureExtractor.from_model_dir(base_dir)
    trained = train_entity_model(base_sentences + gold_sentences, built / model_file, features,
                                 weights=weights, params=params)
    return {"crf": "retrained", "base_sentences": len(base_sentences),
            "gold_sentences": len(gold_sentences), "gold_weight": options.gold_weight, "train": trained}


def _crf_file(base_dir: Path) -> str | None:
    manifest = json.loads((base_dir / "model.json").read_text(encoding="utf-8"))
    for stage in manifest["stages"]:
        name, opts = (stage, {}) if isinstance(stage, str) else (stage.get("name"), stage.get("options", {}))
        if name == "entities" and opts.get("backend", "crf") == "crf":
            return opts.get("model", "entities.crfsuite")
    return None


def _known_cues() -> set[str]:
    """Cue forms the shipped quotes stage already knows (not worth learning again)."""
    try:
        from ..stages.attribution.lexicon import load_lexicon

        return {cue_key(form) for form in load_lexicon().cues}
    except Exception:  # the lexicon format belongs to the quotes stage; learning works without it
        return set()


def _clause_ends_summary(choice: dict) -> str:
    hits = choice.get("exact")
    if not hits:
        return f"the base's rule ({choice.get('reason', 'no quotes')})"
    told = (f"{hits['learnt']} against {hits['base']} of the project's {choice['quotes']} quotes ended where its "
            f"annotators ended them, by {FOLDS}-fold cross-validation")
    if choice["kept"] == "learnt":
        return f"a model learnt from the project's quotes ({told})"
    return f"the base's rule (a model learnt from the project's quotes: {told})"


def _add_version_card(built: Path, version: str, summary: dict) -> None:
    """The version's own section at the end of its model card: what it learnt from and why it was published
    (``model.json`` keeps the same facts for programs)."""
    entities, promotion = summary.get("entities", {}), summary.get("promotion") or {}
    lines = [f"\n\n## This version: {version}\n",
             f"- Built from {summary['base_version']} and {summary['gold_annotations']} of the project's "
             f"annotations in {summary.get('seconds', '?')} s.",
             f"- Entity taggers: CRF {_crf_summary(entities.get('crf', '-'))}, neural tagger "
             f"{entities.get('neural', '-')}"
             + (f" ({entities['gold_sentences']} gold sentences, {entities.get('replayed_news_sentences', 0)} "
                f"recent-news sentences replayed)" if "gold_sentences" in entities else "") + ".",
             f"- Learnt lists: {json.dumps(summary.get('learnt', {}), ensure_ascii=False)}.",
             f"- Entity rules switched off by the project's corrections: "
             f"{', '.join(summary.get('rules', {}).get('off', [])) or 'none'}.",
             f"- Reporting cues switched off by the project's deletions: "
             f"{', '.join((summary.get('cues') or {}).get('off', [])) or 'none'}.",
             f"- Where reported clauses end: {_clause_ends_summary(summary.get('clause_ends') or {})}.",
             f"- Promotion check: {promotion.get('reason', 'not run')}."]
    card = built / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8") if card.is_file() else f"# {version}"
    card.write_text(text.rstrip("\n") + "\n".join(lines) + "\n", encoding="utf-8")


def _crf_summary(crf: str | dict) -> str:
    if isinstance(crf, dict):
        return (f"adapted ({crf.get('sentences', 0)} gold sentences, {crf.get('rows_moved', 0)} feature weights "
                f"moved, {crf.get('new_attributes', 0)} new features)")
    return crf


def _smoke_test(built: Path, docs: Sequence[GoldDoc]) -> None:
    verify(built)
    annotator = Annotator.load(built)
    sample = next((d.text for d in docs if d.text.strip()), "قال المتحدث إن الاجتماع انتهى.")
    annotator.annotate(sample[:5000])


def _fsync_tree(root: Path) -> None:
    """Flush every file, and make it read-only: nothing writes into a version once it is built."""
    for path in root.rglob("*"):
        if path.is_file():
            os.chmod(path, 0o444)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

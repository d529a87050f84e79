"""Entities stage: PER/ORG/LOC/MISC character spans from the trained CRF.

The CRF (``backend/qawl/ner``) tags the Document's tokens sentence by sentence;
tags become character spans that follow the guidelines' clitic rule.
A trained version directory may hold learnt lists in ``gazetteers/``
(``LABEL.txt`` names, ``triggers/PER.txt`` titles, written by the learning
loop); they are added to the shipped gazetteers and triggers.
Options in ``model.json``: ``model`` (crfsuite file in the model directory,
default ``entities.crfsuite``), ``clusters`` (default ``clusters.tsv``),
``consistency`` (document-level propagation, default true), ``neural`` (add
the neural tagger's scores to the CRF's, default true; it is the model
directory's ``neural.npz``, else the shipped one), ``neural_weight`` (the
weight of those scores, default the one its ``neural.json`` gives), ``backend``
(``crf`` or ``camel``), ``camel_model`` (a CAMeL BERT NER directory, relative
to the model directory unless absolute) and ``camel_data`` (CAMeL Tools' data
directory). ``Annotator.load(stage_options=...)`` overrides them without
editing the model; the server and the commands pass ``Settings.stage_options()``
(``QAWL_NER``, ``QAWL_CAMEL_NER_MODEL``, ``CAMELTOOLS_DATA``).
"""

from __future__ import annotations

from pathlib import Path

from ..document import ENTITY, Document

LABELS = ("PER", "ORG", "LOC", "MISC")


class CRFEntities:
    name = "entities"

    def __init__(self, tagger):
        self.tagger = tagger

    def __call__(self, doc: Document) -> None:
        for entity in self.tagger.tag_document(doc):
            doc.add_span(entity.start, entity.end, entity.label, ENTITY, entity.score, entity.source)


def load(model_dir: Path, options: dict):
    """The entities stage of ``model_dir`` (named ``entities`` in :mod:`qawl.stages.registry`)."""
    backend = options.get("backend") or "crf"
    if backend == "camel":
        from ..ner.camel_bert import CamelEntities

        path = options.get("camel_model")
        if not path:
            raise ValueError("backend camel needs a model directory (option camel_model, QAWL_CAMEL_NER_MODEL)")
        path = Path(path)
        return CamelEntities.load(path if path.is_absolute() else Path(model_dir) / path, options.get("camel_data"))
    from ..ner.tagger import EntityTagger

    tagger = EntityTagger.load(model_dir, options.get("model", "entities.crfsuite"),
                               options.get("clusters", "clusters.tsv"), options.get("consistency", True),
                               options.get("neural", True), options.get("neural_weight"))
    return CRFEntities(tagger)

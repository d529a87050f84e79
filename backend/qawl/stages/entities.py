"""Entities stage: PER/ORG/LOC/MISC character spans from the trained CRF.

The CRF (``backend/qawl/ner``) tags the Document's tokens sentence by sentence;
tags become character spans that follow the guidelines' clitic rule.
A trained version directory may hold learnt lists in ``gazetteers/``
(``LABEL.txt`` names, ``triggers/PER.txt`` titles, written by the learning
loop); they are added to the shipped gazetteers and triggers.
Options in ``model.json``: ``model`` (crfsuite file in the model directory,
default ``entities.crfsuite``), ``clusters`` (default ``clusters.tsv``),
``consistency`` (document-level propagation, default true), ``backend``
(``crf`` or ``camel``) and ``camel_model`` (a CAMeL BERT NER directory).
The environment variables ``QAWL_NER=camel`` and ``QAWL_CAMEL_NER_MODEL``
select the optional CAMeL path without editing the model.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..document import ENTITY, Document
from ..pipeline import register_stage

LABELS = ("PER", "ORG", "LOC", "MISC")


class CRFEntities:
    name = "entities"

    def __init__(self, tagger):
        self.tagger = tagger

    def __call__(self, doc: Document) -> None:
        for entity in self.tagger.tag_document(doc):
            doc.add_span(entity.start, entity.end, entity.label, ENTITY, entity.score, entity.source)


@register_stage("entities")
def _load(model_dir: Path, options: dict):
    backend = os.environ.get("QAWL_NER") or options.get("backend", "crf")
    if backend == "camel":
        from ..ner.camel_bert import CamelEntities

        path = os.environ.get("QAWL_CAMEL_NER_MODEL") or options.get("camel_model")
        if not path:
            raise ValueError("QAWL_NER=camel needs a model directory (QAWL_CAMEL_NER_MODEL or option camel_model)")
        path = Path(path)
        return CamelEntities.load(path if path.is_absolute() else Path(model_dir) / path)
    from ..ner.tagger import EntityTagger

    tagger = EntityTagger.load(model_dir, options.get("model", "entities.crfsuite"),
                               options.get("clusters", "clusters.tsv"), options.get("consistency", True))
    return CRFEntities(tagger)

"""Reads the weights of a trained crfsuite model file (``entities.crfsuite``) into arrays.

Why: tagging through python-crfsuite hands every feature string of every
token to C++ again, which costs more than the tagging itself. With the
weights in arrays, the tagger scores a word's features once and reuses the
sum (:mod:`qawl.ner.decode`). The file stays crfsuite's own format,
written by crfsuite's trainer; this module only reads it, exactly (the
weights as stored, not the rounded text of crfsuite's dump).

The format (crfsuite's ``crf1d_model.c``): a 48-byte little-endian header
with the offsets of the label and attribute string databases (CQDB chunks,
whose backward array gives the string of each id) and of the feature chunk,
where each feature is ``type, source, destination`` (uint32) and a weight
(float64). Type 0 is a state feature (attribute → label), type 1 a
transition (label → label).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
STATE, TRANSITION = 0, 1


@dataclass(frozen=True)
class CrfWeights:
    labels: tuple[str, ...]          # label names by crfsuite's label id
    attributes: dict[str, int]       # attribute string → row of ``state``
    state: np.ndarray                # (attributes + 1, labels); the last row is zeros (unknown attributes)
    transitions: np.ndarray          # (labels, labels): from → to

    @property
    def unknown(self) -> int:
        """The row of ``state`` that stands for an attribute the model does not know."""
        return len(self.state) - 1


def _strings(buffer: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk at ``offset``, by id."""
    chunk, _, _, _, count, backward = _CQDB_HEADER.unpack_from(buffer, offset)
    if chunk != b"CQDB":
        raise ValueError("not a crfsuite model: string database chunk missing")
    strings = []
    for record in struct.unpack_from(f"<{count}I", buffer, offset + backward):
        start = offset + record
        _, size = struct.unpack_from("<II", buffer, start)
        strings.append(buffer[start + 8:start + 8 + size - 1].decode("utf-8"))  # size counts the final NUL
    return strings


def read_crf_weights(path: Path | str) -> CrfWeights:
    buffer = Path(path).read_bytes()
    magic, _, kind, _, _, _, _, off_features, off_labels, off_attrs, _, _ = _HEADER.unpack_from(buffer, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path} is not a crfsuite first-order CRF model")
    labels = _strings(buffer, off_labels)
    attributes = _strings(buffer, off_attrs)
    chunk, _, count = struct.unpack_from("<4sII", buffer, off_features)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: feature chunk missing")
    features = np.frombuffer(buffer, dtype=_FEATURE, count=count, offset=off_features + 12)
    state = np.zeros((len(attributes) + 1, len(labels)))
    transitions = np.zeros((len(labels), len(labels)))
    kinds = features["type"]
    s, t = features[kinds == STATE], features[kinds == TRANSITION]
    state[s["src"].astype(np.intp), s["dst"].astype(np.intp)] = s["weight"]
    transitions[t["src"].astype(np.intp), t["dst"].astype(np.intp)] = t["weight"]
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attributes)}, state, transitions)

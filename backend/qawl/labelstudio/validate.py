"""One validator for every result qawl emits or reads: /predict, ``qawl check`` and the tests.

Label Studio stores results without checking them and only the labeling UI
breaks on a bad one, so everything is checked here first: the SDK's
``validate_prediction`` plus what it leaves out (offsets in range, region text,
unique ids, relation labels, scores, overlaps inside one label group).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from label_studio_sdk.label_interface import LabelInterface

__all__ = ["Problem", "ConfigSchema", "schema_for", "validate_result"]

_DIRECTIONS = {"right", "left", "bi"}


@dataclass(frozen=True)
class Problem:
    """One defect: which region (id or position) and why."""

    region: str
    reason: str

    def __str__(self) -> str:
        return f"{self.region}: {self.reason}"


@dataclass
class ConfigSchema:
    """What a label config allows, read once per config."""

    interface: LabelInterface
    controls: dict[str, tuple[str, list[str], list[str]]]  # name -> (tag, to_names, labels)
    objects: dict[str, str]  # name -> data key
    relation_labels: set[str]


@lru_cache(maxsize=16)  # a server sees a handful of label configs; each may be up to 1 MB
def schema_for(label_config: str) -> ConfigSchema:
    interface = LabelInterface(label_config)
    controls = {c.name: (c.tag, list(c.to_name or []), list(getattr(c, "labels", None) or []))
                for c in interface.controls}
    objects = {o.name: (o.value or "").lstrip("$") for o in interface.objects}
    relation_labels = {r.get("value", "") for r in ET.fromstring(label_config).iter("Relation")}
    return ConfigSchema(interface, controls, objects, relation_labels)


def validate_result(result, text: str | None, schema: ConfigSchema, score=None,
                    known_ids: Iterable[str] = ()) -> list[Problem]:
    """Every problem of one prediction or annotation ``result`` list against ``schema``.

    ``text`` is the task's text (None when the task has none: offsets then
    cannot be checked and that is a problem of its own). ``known_ids`` are ids of
    regions that exist in the annotation but not in ``result`` (those an annotator
    drew before an interactive prediction): relations may point at them, and a
    region of ``result`` may not reuse one.
    """
    problems: list[Problem] = []
    if score is not None and not _is_unit_score(score):
        problems.append(Problem("prediction", f"score {score!r} is not a number in [0, 1]"))
    if not isinstance(result, list):
        return problems + [Problem("result", "result is not a list")]

    known = frozenset(known_ids)
    regions: dict[str, dict] = {}
    spans_by_group: dict[str, list[tuple[int, int, str]]] = {}
    relations = []
    for position, item in enumerate(result):
        where = f"#{position}"
        if not isinstance(item, dict):
            problems.append(Problem(where, "item is not an object"))
            continue
        if item.get("type") == "relation":
            relations.append((where, item))
            continue
        region_id = item.get("id")
        where = f"{region_id}" if region_id else where
        if not region_id or not isinstance(region_id, str):
            problems.append(Problem(where, "region has no string id"))
        elif region_id in regions or region_id in known:
            problems.append(Problem(where, "region id is not unique"))
        else:
            regions[region_id] = item
        problems += _check_region(where, item, text, schema, spans_by_group)

    for group, spans in spans_by_group.items():
        spans.sort()
        for (s1, e1, id1), (s2, e2, id2) in zip(spans, spans[1:]):
            if s2 < e1:
                problems.append(Problem(id2, f"overlaps region {id1} in label group {group!r}"))

    for where, item in relations:
        problems += _check_relation(where, item, regions, schema, known)

    problems += _sdk_problems(result, schema, problems)
    return problems


def _check_region(where, item, text, schema, spans_by_group) -> list[Problem]:
    problems = []
    from_name, to_name = item.get("from_name"), item.get("to_name")
    control = schema.controls.get(from_name)
    if control is None:
        return [Problem(where, f"from_name {from_name!r} is not a control of the label config")]
    tag, to_names, allowed = control
    if to_name not in to_names or to_name not in schema.objects:
        problems.append(Problem(where, f"to_name {to_name!r} is not the object of control {from_name!r}"))
    if item.get("type") != tag.lower():
        problems.append(Problem(where, f"type {item.get('type')!r} should be {tag.lower()!r}"))
    if "score" in item and not _is_unit_score(item["score"]):
        problems.append(Problem(where, f"score {item['score']!r} is not a number in [0, 1]"))
    value = item.get("value")
    if not isinstance(value, dict):
        return problems + [Problem(where, "region has no value object")]

    labels = value.get(tag.lower()) if tag.lower() in value else value.get("labels")
    if tag.endswith("Labels"):
        if not isinstance(labels, list) or not labels:
            problems.append(Problem(where, "region has no labels"))
        else:
            unknown = [label for label in labels if label not in allowed]
            if unknown:
                problems.append(Problem(where, f"label {unknown[0]!r} is not in control {from_name!r}"))

    start, end = value.get("start"), value.get("end")
    if "start" in value or "end" in value or tag.endswith("Labels"):
        if not (_is_int(start) and _is_int(end)):
            problems.append(Problem(where, f"offsets {start!r}, {end!r} are not integers"))
        elif text is None:
            problems.append(Problem(where, "the task has no text to check offsets against"))
        elif not 0 <= start < end <= len(text):
            problems.append(Problem(where, f"offsets [{start}, {end}) are out of range for a text of "
                                           f"{len(text)} characters"))
        else:
            if "text" not in value:
                problems.append(Problem(where, "value.text is missing"))
            elif value["text"] != text[start:end]:
                problems.append(Problem(where, f"value.text {value['text'][:40]!r} differs from "
                                               f"text[{start}:{end}] {text[start:end][:40]!r}"))
            spans_by_group.setdefault(from_name, []).append((start, end, where))
    return problems


def _check_relation(where, item, regions, schema, known=frozenset()) -> list[Problem]:
    problems = []
    for end in ("from_id", "to_id"):
        if item.get(end) not in regions and item.get(end) not in known:
            problems.append(Problem(where, f"relation {end} {item.get(end)!r} is not a region of this result"))
    if item.get("direction", "right") not in _DIRECTIONS:
        problems.append(Problem(where, f"relation direction {item.get('direction')!r} is not right, left or bi"))
    labels = item.get("labels", [])
    if not isinstance(labels, list):
        problems.append(Problem(where, "relation labels is not a list"))
    else:
        unknown = [label for label in labels if label not in schema.relation_labels]
        if unknown:
            problems.append(Problem(where, f"relation label {unknown[0]!r} is not declared in <Relations>"))
    return problems


def _sdk_problems(result, schema, known: list[Problem]) -> list[Problem]:
    """What the SDK's own validator finds that the checks above did not.

    The SDK checks a region's shape against its control, which costs about
    3 ms a region; shapes repeat, so it sees one region of each shape.
    """
    if known:  # our checks are stricter; the SDK would only repeat them, less clearly
        return []
    samples: dict[tuple, dict] = {}
    for item in result:
        if item.get("type") != "relation":
            value = item.get("value") or {}
            shape = (item.get("from_name"), item.get("to_name"), item.get("type"), tuple(sorted(value)),
                     json.dumps(value.get(item.get("type") or "labels"), sort_keys=True))
            samples.setdefault(shape, item)
    try:
        errors = schema.interface.validate_prediction({"result": list(samples.values())}, return_errors=True)
    except Exception as error:  # the SDK can raise on shapes it does not expect
        return [Problem("result", f"label-studio-sdk could not validate it: {error}")]
    flat = [e for group in (errors or []) for e in (group if isinstance(group, list) else [group])]
    return [Problem("result", f"label-studio-sdk: {message}") for message in flat]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_unit_score(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value <= 1.0

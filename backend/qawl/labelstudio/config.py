"""Where qawl's labels go in a project's label config.

qawl works with its own config and with any config whose ``<Labels>`` over a
``<Text>`` carry some of its label names (case-insensitive, a few common
spellings accepted). Labels a config lacks are left out of predictions and
logged once per config.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache

from label_studio_sdk.label_interface import LabelInterface

__all__ = ["ConfigError", "LabelMapping", "Target", "mapping_for", "QAWL_LABELS"]

log = logging.getLogger(__name__)

# Our labels and the group each belongs to.
QAWL_LABELS = {"PER": "entity", "ORG": "entity", "LOC": "entity", "MISC": "entity",
               "SPEAKER": "attribution", "QUOTE": "attribution"}
_ALIASES = {"PERS": "PER", "PERSON": "PER", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
            "LOCATION": "LOC", "GPE": "LOC", "SOURCE": "SPEAKER"}
SAID = "said"


class ConfigError(ValueError):
    """The label config cannot carry any qawl prediction."""


@dataclass(frozen=True)
class Target:
    """Where one qawl label is written: control name, object name, the config's own spelling."""

    from_name: str
    to_name: str
    label: str
    data_key: str


@dataclass
class LabelMapping:
    targets: dict[str, Target]
    relation_labels: list[str]
    data_key: str
    missing: list[str] = field(default_factory=list)
    interface: LabelInterface | None = None

    @property
    def said_label(self) -> str | None:
        """The config's spelling of ``said``, if it declares one."""
        return next((r for r in self.relation_labels if r.lower() == SAID), None)


def canonical_label(name: str) -> str | None:
    """qawl's name for a config label, or None if it is not one of ours."""
    upper = name.strip().upper()
    upper = _ALIASES.get(upper, upper)
    return upper if upper in QAWL_LABELS else None


@lru_cache(maxsize=16)  # a server sees a handful of label configs; each may be up to 1 MB
def mapping_for(label_config: str) -> LabelMapping:
    """Parse a label config once and map qawl's labels onto it.

    Raises ConfigError when the XML is broken or no ``<Labels>`` over a
    ``<Text>`` carries any qawl label.
    """
    if not isinstance(label_config, str) or not label_config.strip():
        raise ConfigError("label config is empty")
    try:
        interface = LabelInterface(label_config)
        root = ET.fromstring(label_config)
    except Exception as error:  # the SDK raises several XML error types
        raise ConfigError(f"label config is not valid XML: {error}") from None

    texts = {o.name: o.value.lstrip("$") for o in interface.objects if o.tag == "Text"}
    if not texts:
        raise ConfigError("label config has no <Text> object")

    targets: dict[str, Target] = {}
    for control in interface.controls:
        if control.tag != "Labels":
            continue
        to_name = next((n for n in control.to_name if n in texts), None)
        if to_name is None:
            continue
        for label in control.labels:
            ours = canonical_label(label)
            if ours and ours not in targets:
                targets[ours] = Target(control.name, to_name, label, texts[to_name])
    if not targets:
        raise ConfigError("label config has no <Labels> over a <Text> with any of "
                          + ", ".join(QAWL_LABELS))

    missing = [label for label in QAWL_LABELS if label not in targets]
    if missing:
        log.info("label config lacks %s: those labels are left out of predictions", ", ".join(missing))
    relation_labels = [r.get("value", "") for r in root.iter("Relation")]
    data_key = next(iter(targets.values())).data_key
    return LabelMapping(targets, relation_labels, data_key, missing, interface)

"""Reading and writing CoNLL ``TOKEN TAG`` files, and the development split.

ANERcorp writes ``PERS`` where the label config says ``PER`` and has a few
``I-X`` tags that follow no ``X`` entity; those are read as IOB1 (they start a
new entity), so every sentence comes out as clean IOB2 with qawl's labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

Sentence = list[tuple[str, str]]

LABEL_ALIASES = {"PERS": "PER", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "ORGANISATION": "ORG"}
LABELS = ("PER", "ORG", "LOC", "MISC")


def normalise_tag(tag: str) -> str:
    """``B-PERS`` → ``B-PER``; anything unknown → ``O``."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    label = LABEL_ALIASES.get(label.upper(), label.upper())
    if prefix not in ("B", "I") or label not in LABELS:
        return "O"
    return f"{prefix}-{label}"


def repair_iob(tags: list[str]) -> list[str]:
    """IOB2 tags: an ``I-X`` that does not continue an ``X`` entity becomes ``B-X``."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def read_conll(path: Path | str) -> list[Sentence]:
    """Sentences of ``(token, tag)`` from a file with one ``TOKEN TAG`` a line, blank lines between sentences."""
    sentences: list[Sentence] = []
    current: list[tuple[str, str]] = []

    def flush() -> None:
        if current:
            tags = repair_iob([normalise_tag(t) for _, t in current])
            sentences.append([(w, t) for (w, _), t in zip(current, tags)])
            current.clear()

    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        parts = line.split()
        if not parts:
            flush()
        elif len(parts) == 1:
            current.append((parts[0], "O"))
        else:
            current.append((parts[0], parts[-1]))
    flush()
    return sentences


def write_conll(sentences: Iterable[Sentence], path: Path | str) -> None:
    lines: list[str] = []
    for sentence in sentences:
        lines.extend(f"{w} {t}" for w, t in sentence)
        lines.append("")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def split_dev(sentences: list[Sentence], dev_fraction: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """The training part and the development part: the last ``dev_fraction`` of the sentences, in order."""
    cut = len(sentences) - int(round(len(sentences) * dev_fraction))
    return sentences[:cut], sentences[cut:]


def entities_of(tags: list[str]) -> list[tuple[str, int, int]]:
    """Entities ``(label, first token, end token)`` of an IOB2 tag sequence (stray ``I-`` start one)."""
    # Called several times per sentence by the consistency steps and per token mostly on O tags: the
    # comprehension skips those in one pass, and the loop only visits the tagged positions.
    found: list[tuple[str, int, int]] = []
    label, start, end = "", 0, -1
    for i in [i for i, tag in enumerate(tags) if tag != "O"]:
        tag = tags[i]
        if tag[:2] not in ("B-", "I-"):
            continue
        if i == end and tag[0] == "I" and tag[2:] == label:
            end += 1
            continue
        if end > 0:
            found.append((label, start, end))
        label, start, end = tag[2:], i, i + 1
    if end > 0:
        found.append((label, start, end))
    return found

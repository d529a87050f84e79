"""``NAME=VALUE`` command-line options with a number for a value (training settings, crfsuite parameters),
shared by the benchmarks that retrain a model with a changed setting."""

from __future__ import annotations

import argparse

__all__ = ["name_value"]


def name_value(text: str) -> tuple[str, int | float]:
    """An argparse ``type``: ``"c2=0.05"`` is ``("c2", 0.05)`` and ``"epochs=8"`` is ``("epochs", 8)``; a value
    with a decimal point is a float, one without an int."""
    name, equals, value = text.partition("=")
    try:
        if not equals or not name.strip():
            raise ValueError
        return name.strip(), float(value) if "." in value else int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=NUMBER (e.g. c2=0.05 or epochs=8)") from None

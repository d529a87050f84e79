"""Printing a scorer's result the same way in every ``score-*`` command: a table, or JSON, with errors on request."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def print_scores(scores, format_report, as_json: bool, with_errors: bool) -> None:
    """``scores`` has ``as_dict()`` and ``errors`` (a list of dicts); ``format_report(scores)`` gives the table."""
    if as_json:
        result = scores.as_dict()
        if with_errors:
            result["errors"] = scores.errors
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(format_report(scores))
    if with_errors:
        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))


def missing_data(command: str, dev_set: str, **files) -> bool:
    """True, after one line naming the first missing file and how to point at the data, when one is missing.

    ``files`` maps a flag name (``articles``, ``gold``, ``predictions``) to its path, None when not given."""
    for flag, path in files.items():
        if path is not None and not Path(path).is_file():
            print(f"qawl {command}: no such file: {path} (--{flag}); give --articles FILE --gold FILE, or set "
                  f"QAWL_DATA to the folder that holds {dev_set}/articles.jsonl and {dev_set}/gold.jsonl",
                  file=sys.stderr)
            return True
    return False

"""Printing a scorer's result the same way in every ``score-*`` command: a table, or JSON, with errors on request."""

from __future__ import annotations

import json


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
